"""Sentence cues that tell reported news from background, captions and statements.

Each function returns a number or flag used as a feature by :mod:`geo.extract.scoring`;
none decides alone.
"""

from __future__ import annotations

import re
from datetime import date

#: Running counts and summaries: "more than 60 attacks since October".
AGGREGATE = re.compile(
    r"\b(?:more than|over|at least|nearly|almost|dozens of|scores of|hundreds of|thousands of|"
    r"(?:several|a few) dozen|several|a dozen|a series of|a spike in|a wave of|a string of|"
    r"a number of|a (?:reduction|rise|increase|drop|decline) in|many(?: of)?(?: the)?|"
    r"numerous|repeated|frequent|\d{2,}|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?= (?:\w+ )?(?:attacks|incidents|assaults) (?:on|against|since|in)))"
    r"(?:\s+(?:recent|previous|past|such|other|similar|separate))*\s+(?:[\w-]+\s+)?"
    r"(?:attacks|incidents|assaults|(?:air ?)?strikes|airstrikes|air raids|raids|clashes|"
    r"battles|shellings|bombings|combat engagements)\b"
    r"(?!\s+(?:on|in) (?:the )?\w+ (?:on|overnight|yesterday|today))"
    # a count within one day ("repelled 25 attacks near X over the past day") is that day's
    # incident at the place, not a running count
    r"(?![^.;]*\b(?:over|in|during) the (?:past|last) (?:day|24 hours)\b)"
    # nor is a count told of one named day ("a number of attacks on positions in the north
    # on Thursday"), unless it runs from an earlier start ("since Thursday")
    r"(?![^.;]{0,80}?(?<!since )\b(?:on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|overnight|"
    r"yesterday|today|tonight|last night|this morning)\b)"
    r"|\b(?:recent|previous|past|earlier|prior|other|similar) (?:attacks|strikes|incidents)\b"
    r"|\bsince (?:the (?:start|beginning|outbreak)|October|November|January|February|March|"
    r"April|May|June|July|August|September|December|\d{4}|last)\b",
    re.IGNORECASE,
)
#: A tally over a period: the whole sentence is a running count.
TALLY = re.compile(
    r"\b(?:during|over|in) the (?:past |last |first )?(?:\d+|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\w+teen) (?:days|weeks|months|years) of\b"
    r"|\bsince the (?:war|conflict|fighting|invasion) (?:began|started|erupted)\b"
    r"|\b(?:killed|died) (?:in|during) the (?:war|conflict|fighting)\b"
    r"|\b(?:overall|total|cumulative) (?:death )?toll\b"
    r"|\bin (?:recent|the past|the last) (?:few )?(?:days|weeks|months)\b"
    r"|\b(?:has|have) (?:so far |now )?killed (?:more than |over |at least |about |some |"
    r"nearly )?\d[\d,]*"
    r"|\b(?:more than|over|at least|nearly|some) \d[\d,]{3,} (?:[\w-]+ )?(?:have|had) "
    r"(?:been )?(?:killed|died)\b", re.IGNORECASE)
#: A toll just before: "were killed after", "confirmed dead following".
_TOLL_BEFORE = r"(?<!dead )(?<!killed )(?<!died )(?<!injured )(?<!wounded )"
#: The reason for something, or history: "in retaliation for", "last year", "in 2020".
BACKGROUND = re.compile(
    r"\b(?:in (?:retaliation|response|revenge) (?:for|to)|retaliat\w+ for|response to|"
    # "killed following an attack on X" is that attack's toll, not a reason for something else
    rf"{_TOLL_BEFORE}after (?:a|an|the) (?:deadly |recent |earlier |similar )?"
    r"(?:attack|strike|drone|rocket)s?|"
    rf"{_TOLL_BEFORE}following (?:a|an|the) (?:deadly )?(?:attack|strike)s?|blamed for|"
    r"last (?:year|month)|earlier this (?:year|month)|years? ago|months? ago|weeks ago|"
    r"(?:against|amid) (?:the|a) backdrop of|in solidarity with|"
    r"(?:two|three|four|five|six|several|a few|\d+) days (?:after|before)|weeks? (?:after|before)|"
    r"in (?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (?:19|20)\d\d|in (?:19|20)\d\d|since (?:19|20)\d\d|the (?:19|20)\d\d|"
    r"previously|had (?:also )?(?:been )?(?:carried out|launched|struck|targeted|attacked|"
    r"killed)|was the (?:first|second|third|latest|deadliest)|the last time|"
    r"history|anniversary|recalled|remembered|the war (?:began|started)|began in|"
    r"ha(?:s|ve) (?:carried out|launched|conducted|claimed(?! responsibility))|"
    r"were the latest|is the latest|the latest in|comes? as|came as|amid)\b",
    re.IGNORECASE,
)
#: Photo captions and credits.
CAPTION = re.compile(r"^\s*(?:photo|image|file photo|picture|caption|video)\b|"
                     r"\((?:photo|image|file)\b|\b(?:AFP|Reuters|AP|Getty)(?: Images)?\s*(?:/|$)|"
                     r"\b(?:photograph|pictured|seen here)\b|\bfile:", re.IGNORECASE)
#: A statement made somewhere, not an event there.
SPEECH = re.compile(r"\b(?:said|says|told|announced|stated|declared|added|briefing|"
                    r"press conference|news conference|statement|spokes(?:man|woman|person)|"
                    r"officials?|according to|reported)\b", re.IGNORECASE)
#: Hypothetical, future or negated: "could strike", "plans to", "did not attack".
#: Habitual or generic: "every now and then they raid", "is regularly targeted".
HABITUAL = re.compile(r"\b(?:every now and then|from time to time|regularly|routinely|"
                      r"frequently|often|usually|repeatedly|time and again|every (?:day|night|"
                      r"week)|ha(?:s|ve) been (?:attacking|striking|shelling|firing|targeting|"
                      r"bombing|launching))\b",
                      re.IGNORECASE)
IRREALIS = re.compile(r"\b(?:could|would|might|may|will|plans? to|planning|threat(?:en)?s? to|"
                      r"warn(?:ed|s)? (?:of|that)|fears?|if|unless|no (?:attack|strike)s?|"
                      r"did not|didn't|denied|prevent\w*|avoid\w*|capable of|"
                      r"ability to|would-be|possible|potential|intended to|designed to|"
                      r"meant to|in order to|aim(?:s|ed)? to|vow(?:s|ed)? to|pledg(?:es|ed) to)\b",
                      re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
#: A month named without a day ("in April", "late March"): a period, not a dated event.
_MONTH = re.compile(r"\b(?i:in|since|during|early|late|mid-?|throughout|until|"
                    r"(?:at|by|from) the (?:start|beginning|end|middle) of)\s+"
                    r"(?i:early |late |mid-)?(" + "|".join(m.title() for m in _MONTHS) + r")\b"
                    r"(?!\s+\d)(?!,?\s+(?:19|20)\d\d)")


def old_year(sentence: str, published: date) -> bool:
    """Whether a sentence names a year, or a month, before the publication's.

    A month named as a period ("in April", "late March") counts when it ended more
    than a few days before publication: the event belongs to an earlier month.

    Parameters
    ----------
    sentence
        Sentence text.
    published
        Publication date.

    Returns
    -------
    bool
        True for "in 2020" in an article of 2023, and for "In April" in one of June.
    """
    if any(int(m.group()) < published.year for m in _YEAR.finditer(sentence)):
        return True
    for m in _MONTH.finditer(sentence):
        back = (published.month - 1 - _MONTHS.index(m.group(1).lower())) % 12
        if back >= 2 or (back == 1 and published.day > 3):
            return True
    return False


def is_caption(sentence: str) -> bool:
    """Whether a line looks like a photo caption or credit.

    Parameters
    ----------
    sentence
        One line or sentence.

    Returns
    -------
    bool
        True for credits ("AFP/Getty"), "Photo:" lines and "pictured" sentences.
    """
    return bool(CAPTION.search(sentence))
