"""Event dates resolved against the publication date.

Handles explicit dates ("27 October", "October 27, 2023", "Friday, 27
October"), weekdays ("on Thursday" = the latest Thursday before publication),
relative days ("yesterday", "overnight", "today", "last night"), and vaguer
spans ("last week", "earlier this month") with a coarser ``time_precision``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.core.records import TimePrecision

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
         r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_MONTH = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
                        r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
                        r"(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WEEKDAY = re.compile(r"\b(?P<last>last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday)(?:\s+(?P<part>night|morning|evening|afternoon))?\b",
                      re.I)
#: A day counted back from the day the text was just speaking of: "A day earlier, ...".
DAY_BEFORE = re.compile(r"\b(?:(?:a|one) day (?:earlier|before)|the (?:day before|previous day))\b",
                        re.I)
#: "last week": the calendar week before the one of publication (dated by its middle, so an
#: article of a Saturday puts it at least six days back, one of a Monday at least one).
_LAST_WEEK = re.compile(r"\blast week\b", re.I)
#: "over the weekend": dated by its Sunday (within a day of either weekend day).
_WEEKEND = re.compile(r"\b(?:(?:over|during|at|on) )?(?:the|this|last) weekend\b", re.I)
_RELATIVE: tuple[tuple[re.Pattern[str], int, TimePrecision], ...] = (
    (DAY_BEFORE, -1, "day"),
    (re.compile(r"\b(?:yesterday|last night)\b", re.I), -1, "day"),
    # a daily report's window ("over the past 24 hours"), published by day: mostly the day before
    (re.compile(r"\b(?:(?:over|in|during|within) )?the (?:past|last|previous) (?:day|24 hours)\b",
                re.I), -1, "day"),
    (re.compile(r"\b(?:today|this morning|this evening|tonight|overnight|earlier today)\b", re.I),
     0, "day"),
    (re.compile(r"\b(?:this week|earlier this week|past week)\b", re.I), -3, "week"),
    (re.compile(r"\b(?:earlier this month|this month)\b", re.I), 0, "month"),
    (re.compile(r"\b(?:last month)\b", re.I), -30, "month"),
)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression found in a text.

    Attributes
    ----------
    value
        The calendar date it refers to.
    precision
        ``day``, ``week`` or ``month``.
    start, end
        Character offsets of the expression.
    explicit
        True for calendar dates and weekdays, False for vague spans.
    reported
        True when the date is that of a statement ("said on Friday"), not of an event.
    """

    value: date
    precision: TimePrecision
    start: int
    end: int
    explicit: bool
    reported: bool = False


def _calendar(year: int | None, month: int, day: int, published: date) -> date | None:
    try:
        candidate = date(year or published.year, month, day)
    except ValueError:
        return None
    if year is None and candidate > published + timedelta(days=1):
        try:
            candidate = date(published.year - 1, month, day)
        except ValueError:
            return None
    return candidate


def find_dates(text: str, published: date) -> list[ResolvedDate]:
    """Find and resolve every date expression in a text.

    Parameters
    ----------
    text
        A sentence or article.
    published
        Publication date the relative expressions count from.

    Returns
    -------
    list of ResolvedDate
        In text order, overlapping expressions removed (calendar dates win).
    """
    out: list[ResolvedDate] = []

    def add(item: ResolvedDate) -> None:
        if not any(item.start < o.end and o.start < item.end for o in out):
            out.append(item)

    for m in _ISO.finditer(text):
        d = _calendar(int(m["year"]), int(m["month"]), int(m["day"]), published)
        if d:
            add(ResolvedDate(d, "day", m.start(), m.end(), True))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(text):
            month = MONTHS.get(m["month"].lower().rstrip("."))
            if month is None:
                continue
            year = int(m["year"]) if m["year"] else None
            d = _calendar(year, month, int(m["day"]), published)
            if d:
                add(ResolvedDate(d, "day", m.start(), m.end(), True))
    for m in _WEEKDAY.finditer(text):
        if text[m.end():m.end() + 1] == "," and out and any(
            o.start >= m.end() and o.start - m.end() < 4 for o in out
        ):
            continue  # "Friday, 27 October": the calendar date already says it
        back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
        if back == 0:
            back = 7 if m["last"] else 0
        add(ResolvedDate(published - timedelta(days=back), "day", m.start(), m.end(), True))
    for m in _WEEKEND.finditer(text):  # the weekend just past (this one, on a weekend)
        back = 0 if published.weekday() >= 5 else published.weekday() + 1
        add(ResolvedDate(published - timedelta(days=back), "day", m.start(), m.end(), False))
    for m in _LAST_WEEK.finditer(text):
        back = published.weekday() + 4  # Thursday of the week before
        add(ResolvedDate(published - timedelta(days=back), "week", m.start(), m.end(), False))
    for pattern, offset, precision in _RELATIVE:
        for m in pattern.finditer(text):
            if _names_explicit_day(text, m.start(), m.end(), out):
                continue  # "overnight on Tuesday, 21 November": the calendar date says which
            add(ResolvedDate(published + timedelta(days=offset), precision, m.start(), m.end(),
                             False))
    return sorted((_mark_reported(text, r) for r in out), key=lambda r: r.start)


#: What may stand between a relative day and the explicit day it qualifies.
_BRIDGE = re.compile(r"(?P<head>\s*,?\s*(?:(?:on|of|into|in the early hours of)\s+)?"
                     r"(?:the\s+)?)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?", re.I)


def _names_explicit_day(text: str, start: int, end: int, found: list[ResolvedDate]) -> bool:
    """Whether a relative day ("overnight") qualifies an explicit day next to it.

    "overnight on Tuesday, 21 November" and "21 November, overnight" name one day, the
    explicit one; the relative word only says the time of day.
    """
    after = _BRIDGE.match(text, end)
    for d in found:
        if not d.explicit:
            continue
        if after is not None and d.start in (after.end(), after.end("head")):
            return True
        between = text[d.end:start]
        if d.end <= start and _BRIDGE.fullmatch(between) and len(between) < 20:
            return True
    return False


#: A speech verb just before a date: "said Friday", "announced on Monday".
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told \w+(?: \w+)?|announced|reported|stated|added|confirmed|claimed|"
    r"declared|wrote|tweeted|posted|acknowledged|disclosed|revealed)"
    r"(?:\s+in\s+a\s+(?:statement|post|video))?\s+(?:on\s+|late\s+|early\s+)?$", re.I)


#: A date opening a statement: "On Friday, the command announced ...".
_SPEECH_AFTER = re.compile(r"^,?\s+(?:the\s+)?(?:[\w.()'’-]+\s+){1,6}?(?:said|says|announced|"
                           r"reported|stated|confirmed|claimed|declared)\b")


_OPENING = re.compile(r"(?:[^,.]{0,30}[/:—–-]\s*)?(?:on\s+)?", re.IGNORECASE)


def _mark_reported(text: str, r: ResolvedDate) -> ResolvedDate:
    # the sentence opens with it ("On Friday, the command announced"), after a source tag
    opening = _OPENING.fullmatch(text, 0, r.start) is not None
    if _SPEECH_BEFORE.search(text[max(0, r.start - 40):r.start]) or (
            opening and _SPEECH_AFTER.match(text[r.end:r.end + 90])):
        return ResolvedDate(r.value, r.precision, r.start, r.end, r.explicit, True)
    return r
