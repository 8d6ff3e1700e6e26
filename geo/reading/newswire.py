"""Newswire conventions that name places: datelines and state abbreviations.

A wire story opens with a dateline, ``TIKRIT, Iraq (AP) —`` or
``BEIRUT (Reuters) -``: the city (and its country or state) where the story
was filed, which tells the resolver where the story is. American and
Canadian papers write states and provinces abbreviated after a town
(``Louisville, Ky.``, ``Fresno, Calif.``); the abbreviations come from
``data/admin1_names.csv`` and resolve to the admin-1 unit by its ISO code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.core.paths import data_dir
from geo.gazetteer.build import read_table

#: News agencies whose name in brackets closes a dateline.
AGENCIES = ("AP", "Reuters", "AFP", "dpa", "DPA", "UPI", "AA", "ANI", "PTI", "IANS", "Xinhua",
            "CNN", "BBC", "TASS", "EFE", "ANSA", "Kyodo", "Yonhap", "Bernama", "KUNA",
            "WAFA", "IRNA", "SANA", "Rudaw", "Anadolu", "Bloomberg", "The Associated Press",
            "Associated Press", "CNS", "RNS", "NNA", "MENA", "SPA", "WAM", "QNA", "BNA", "ONA")
_AGENCY = "|".join(re.escape(a) for a in AGENCIES)
_PLACE = r"[A-Z][\w'’.\-]*(?:[ \-][A-Za-z][\w'’.\-]*){0,3}"
#: ``CITY, Region (Agency) —`` with the agency, or an upper-case city without it.
DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*(?P<city>{_PLACE})(?:,[ \t]+(?P<region>{_PLACE}))?"
    rf"(?:[ \t]*\((?P<agency>{_AGENCY})\))?[ \t]*(?:—|–|--|-)[ \t]*(?=\S)"
)
#: A city in capitals opening the text or a line, then a sentence: "LONDON The Latest".
BARE_DATELINE = re.compile(r"(?:^|\n)[ \t]*(?P<city>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2})"
                           r"[ \t]+(?=[A-Z][a-z])")
MAX_DATELINE_WORDS = 4


@dataclass(frozen=True, slots=True)
class DatelinePart:
    """One place named by a dateline.

    Attributes
    ----------
    start, end
        Character offsets of the name.
    name
        The name as written.
    bare
        A city in capitals with no country, agency or dash after it
        ("LONDON The Latest ..."): kept only when it names a large place.
    """

    start: int
    end: int
    name: str
    bare: bool = False


def datelines(text: str) -> list[DatelinePart]:
    """Return the places named in the text's datelines.

    Parameters
    ----------
    text
        An article (a dateline is at the start of the text or of a line).

    Returns
    -------
    list of DatelinePart
        The city, then its region or country when the dateline has one. A
        line counts as a dateline when it names an agency in brackets or its
        city is written in capitals (then a dash, or a capitalised word).
    """
    out: list[DatelinePart] = []
    for m in DATELINE.finditer(text):
        city = m.group("city")
        letters = [c for c in city if c.isalpha()]
        shouting = len(letters) >= 3 and all(c.isupper() for c in letters)
        if not (m.group("agency") or shouting):
            continue
        if len(city.split()) > MAX_DATELINE_WORDS:
            continue
        out.append(DatelinePart(m.start("city"), m.end("city"), city))
        if m.group("region"):
            out.append(DatelinePart(m.start("region"), m.end("region"), m.group("region")))
    seen = {p.start for p in out}
    for m in BARE_DATELINE.finditer(text):
        if m.start("city") not in seen and len(m.group("city").replace(".", "")) >= 4:
            out.append(DatelinePart(m.start("city"), m.end("city"), m.group("city"), bare=True))
    return sorted(out, key=lambda p: p.start)


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Return admin-1 abbreviations with their gazetteer id (``Ky.`` -> ``ne1:US-KY``).

    Returns
    -------
    dict
        From ``data/admin1_names.csv``, abbreviations written with their dots.
    """
    out: dict[str, str] = {}
    for row in read_table(data_dir() / "admin1_names.csv"):
        for abbr in (row.get("abbreviations") or "").split("|"):
            if abbr.strip():
                out[abbr.strip()] = f"ne1:{row['code']}"
    return out


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str]:
    names = sorted(abbreviations(), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<=,)[ \t]+(?P<abbr>{alternatives})(?!\w)")


def abbreviation_spans(text: str) -> list[tuple[int, int, str]]:
    """Return abbreviated states after a comma (``Louisville, Ky.``).

    Parameters
    ----------
    text
        Plain text.

    Returns
    -------
    list of tuple
        ``(start, end, place_id)`` of each abbreviation.
    """
    table = abbreviations()
    return [(m.start("abbr"), m.end("abbr"), table[m.group("abbr")])
            for m in _abbreviation_pattern().finditer(text)]
