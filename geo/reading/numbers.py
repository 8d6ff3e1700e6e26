"""Numbers and casualty figures as written in news text ("three", "1,200", "killing nine")."""

from __future__ import annotations

import re

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a dozen": 12, "dozen": 12, "thirty": 30, "forty": 40, "fifty": 50})
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|a dozen|" + "|".join(NUMBER_WORDS) + r")"
#: One person named by role: "killing a 15-year-old boy", "a contractor was killed".
_ONE_PERSON = (r"(?:boy|girl|man|woman|child|civilian|person|resident|soldier|officer|"
               r"policeman|driver|contractor|worker|fighter|member|commander|leader)\b")
_KILLED = re.compile(
    rf"\b(?:at least |more than |some |about |around )?{_NUM}\s+(?:[\w'’()-]+\s+){{0,6}}?"
    r"(?:were\s+|was\s+|have been\s+|had been\s+|are\s+)?(?:(?:reported|confirmed)\s+)?"
    r"(?:killed|dead|died|deaths)\b|\b(?:kill(?:ing|ed|s)?|left)\s+(?:at least\s+)?"
    + _NUM.replace("?P<n>", "?P<k>") + r"\b(?!\s+(?:wounded|injured))"
    r"|\bdeath toll\b[^.]{0,30}?\b(?:to|at|of|reached|rose to)\s+"
    + _NUM.replace("?P<n>", "?P<t>")
    + r"|\bdeaths of (?:at least |more than |over |some )?" + _NUM.replace("?P<n>", "?P<d>")
    + r"\b|\bkill(?:ed|ing|s)?\s+(?P<one>an?|one)\s+(?:[\w'’-]+\s+){0,3}?" + _ONE_PERSON
    + r"|\b(?P<one2>an?|one)\s+(?:[\w'’-]+\s+){0,3}?" + _ONE_PERSON
    + r"\s+(?:was|has been)\s+killed\b", re.IGNORECASE)
_INJURED = re.compile(rf"\b{_NUM}\s+(?:[\w-]+\s+){{0,4}}?(?:were\s+|was\s+)?"
                      r"(?:wounded|injured|hurt)\b|\b(?:injur|wound)(?:ing|ed)\s+"
                      r"(?:at least\s+|another\s+)?"
                      + _NUM.replace("?P<n>", "?P<k>") + r"\b", re.IGNORECASE)
_NO_CASUALTIES = re.compile(r"\bno (?:\w+ )?(?:casualties|deaths|fatalities)\b|"
                            r"\bno (?:one|\w+ (?:or \w+ )?(?:troops|personnel|soldiers|"
                            r"service ?members)) (?:was|were) (?:killed|hurt)\b|"
                            r"\b(?:did not|didn't|without) caus\w+ (?:any )?casualties\b|"
                            r"\bwithout casualties\b|\bno (?:immediate )?reports? of "
                            r"(?:casualties|deaths)\b", re.IGNORECASE)
_NO_INJURIES = re.compile(r"\bno (?:casualties|injuries|one was (?:hurt|injured))\b|"
                          r"\bwithout casualties\b", re.IGNORECASE)


#: A cheap test before the casualty patterns: no such word, no figure.
_ANY_CASUALTY = re.compile(r"kill|dead|die|death|casualt|injur|wound|hurt|fatalit", re.I)


def number(value: str) -> int:
    """Return the integer a numeral or number word stands for.

    Parameters
    ----------
    value
        "1,200", "12" or "twelve".

    Returns
    -------
    int
        Its value.
    """
    value = value.lower().replace(",", "")
    return NUMBER_WORDS[value] if value in NUMBER_WORDS else int(value)


def _largest(pattern: re.Pattern[str], text: str) -> tuple[int | None, int]:
    best: int | None = None
    where = -1
    for m in pattern.finditer(text):
        raw = next((g for g in m.groups() if g), None)
        if raw:
            value = 1 if raw.lower() in ("a", "an") else number(raw)
            if best is None or value > best:
                best, where = value, m.start()
    return best, where


def casualty_counts(sentence: str) -> tuple[int | None, int | None]:
    """Return ``(fatalities, injuries)`` stated in a sentence ("no casualties" = 0).

    Parameters
    ----------
    sentence
        One sentence.

    Returns
    -------
    tuple
        Each an int or None when not stated.
    """
    if not _ANY_CASUALTY.search(sentence):
        return None, None
    sentence = " ".join(sentence.split())
    fatalities = 0 if _NO_CASUALTIES.search(sentence) else _largest(_KILLED, sentence)[0]
    injuries = 0 if _NO_INJURIES.search(sentence) else _largest(_INJURED, sentence)[0]
    return fatalities, injuries
