"""Numbers and casualty figures as written in news text ("three", "1,200", "killing nine")."""

from __future__ import annotations

import re

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a dozen": 12, "dozen": 12})
_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
NUMBER_WORDS.update(_TENS)
#: "forty-one", "twenty five": tens and units written out.
NUMBER_WORDS.update({f"{t}{sep}{u}": tv + uv for t, tv in _TENS.items() for sep in ("-", " ")
                     for u, uv in list(NUMBER_WORDS.items()) if 1 <= uv <= 9})
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
#: Tens first, with their units, so that "forty-one" is read whole, not as "forty" or "one".
_NUM = (r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|a dozen|(?:" + "|".join(_TENS) + r")(?:[- ](?:"
        + _UNITS + r")\b)?|" + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w
                                                  and "-" not in w and w not in _TENS),
                                                 key=len, reverse=True)) + r")")
#: One person named by role: "killing a 15-year-old boy", "a contractor was killed".
_ONE_PERSON = (r"(?:boy|girl|man|woman|child|civilian|person|resident|soldier|officer|"
               r"policeman|driver|contractor|worker|fighter|member|commander|leader)\b")
_KILLED = re.compile(
    rf"\b(?:at least |more than |some |about |around )?{_NUM}"
    r"(?!\s+of\s+(?:the|those|them|whom)\b)"  # "one of the dead" is part of another toll
    rf"\s+(?:[\w'’()-]+,?\s+){{0,6}}?"
    r"(?:were\s+|was\s+|have been\s+|had been\s+|are\s+)?(?:(?:reported|confirmed)\s+)?"
    r"(?:killed|dead|died|deaths)\b|\bkill(?:ing|ed|s)?\s+[“\"]?"
    r"(?:at least\s+|more than\s+|over\s+|about\s+|around\s+|nearly\s+|some\s+)?"
    + _NUM.replace("?P<n>", "?P<k>") + r"\b(?!\s+(?:wounded|injured))"
    r"|\bleft\s+(?:at least\s+|more than\s+)?" + _NUM.replace("?P<n>", "?P<l>")
    + r"\s+(?:[\w'’-]+\s+){0,2}?dead\b"
    r"|\bclaim(?:ed|ing|s)?\s+(?:the\s+lives\s+of\s+)?(?:at least\s+|more than\s+|over\s+)?"
    + _NUM.replace("?P<n>", "?P<c>") + r"\b(?=(?:\s+[\w'’-]+){0,2}?\s+lives\b|"
    r"\s+(?:[\w'’-]+\s+){0,2}?(?:people|civilians|persons|lives)\b)"
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
#: Nobody hurt: no one was killed either ("No injuries were reported", "had not any casualty").
_NO_HARM = re.compile(r"\bno (?:\w+ )?injur(?:y|ies)\b|\bno one (?:was )?(?:hurt|injured)\b|"
                      r"\bno casualty\b|\bnot (?:\w+ )?any casualt(?:y|ies)\b", re.IGNORECASE)
_NO_INJURIES = re.compile(r"\bno (?:casualties|injuries|one was (?:hurt|injured))\b|"
                          r"\bwithout casualties\b", re.IGNORECASE)


#: The reason given for an action: its casualties belong to another, earlier event.
_REASON = re.compile(r"\b(?:in (?:retaliation|response|revenge) (?:for|to)|(?:a |as )?"
                     r"(?:retaliation|revenge) for|in the wake of)\b.*$", re.IGNORECASE)
_SINGULAR = (r"(?:boy|girl|man|woman|child|civilian|person|resident|soldier|officer|policeman|"
             r"driver|contractor|worker|fighter|member|commander|leader|operative|militant|"
             r"journalist|guard|farmer|son|daughter|wife|husband|father|mother|brother|sister|"
             r"chief|official|deputy|head|emir|spokesman|bodyguard|aide)")
_PLURAL = (r"(?:boys|girls|men|women|children|civilians|people|persons|residents|soldiers|"
           r"officers|policemen|police officers|drivers|contractors|workers|fighters|members|"
           r"commanders|leaders|operatives|militants|journalists|guards|farmers|sons|"
           r"daughters|relatives|others|troops|militiamen|terrorists)")
_KILL_VERB = re.compile(r"\b(?:kill(?:ed|ing|s)?|claim(?:ed|ing|s)? the lives of|"
                        r"result(?:ed|ing) in the deaths? of)\s+", re.IGNORECASE)
_CONJUNCT = re.compile(
    rf"(?:(?:his|her|their)\s+)?(?:at least\s+)?{_NUM}\s+(?:[\w'’-]+\s+){{0,3}}?{_PLURAL}\b"
    rf"|(?P<one>an?|one|another|the|his|her|its|their)\s+(?:[\w'’-]+\s+){{0,3}}?{_SINGULAR}\b"
    r"|(?P<him>him|her)\b",
    re.IGNORECASE)
_NAME = re.compile(r"(?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+")
_AND = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|along with|as well as)\s+")


def _listed(sentence: str, pos: int, parts: int = 0, total: int = 0) -> tuple[int, int, int]:
    """Read a list of victims from ``pos``: (items, their sum, where the list ends)."""
    while True:
        sep = _AND.match(sentence, pos) if parts else None
        m = _CONJUNCT.match(sentence, sep.end() if sep else pos)
        if m is None or (parts and sep is None):
            return parts, total, pos
        total += 1 if (m.group("one") or m.group("him")) else number(m.group("n"))
        parts, pos = parts + 1, m.end()


#: A list of victims is the subject: "a woman and a child were killed".
_KILLED_AFTER = re.compile(r"\s+(?:were|have been|had been)\s+(?:\w+\s+)?killed\b",
                           re.IGNORECASE)


def _conjoined(sentence: str) -> int | None:
    """Return the sum of the victims a sentence lists ("killing a woman and nine children").

    Parameters
    ----------
    sentence
        One sentence, whitespace collapsed.

    Returns
    -------
    int or None
        The sum when a kill verb's object, or the subject of "were killed", lists two or
        more victims, else None.
    """
    best: int | None = None
    for verb in _KILL_VERB.finditer(sentence):
        pos, parts, total = verb.end(), 0, 0
        name = _NAME.match(sentence, pos)
        if name and _AND.match(sentence, name.end()):
            pos, parts, total = name.end(), 1, 1  # a named victim, if another follows
        parts, total, _ = _listed(sentence, pos, parts, total)
        if parts >= 2 and (best is None or total > best):
            best = total
    if "killed" in sentence:
        for m in _CONJUNCT.finditer(sentence):
            parts, total, end = _listed(sentence, m.start())
            if parts >= 2 and _KILLED_AFTER.match(sentence, end) and (best is None
                                                                      or total > best):
                best = total
    return best


#: A cheap test before the casualty patterns: no such word, no figure.
_ANY_CASUALTY = re.compile(r"kill|dead|die|death|casualt|injur|wound|hurt|fatalit|lives", re.I)


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
    sentence = _REASON.sub("", " ".join(sentence.split()))
    fatalities = 0 if _NO_CASUALTIES.search(sentence) else _largest(_KILLED, sentence)[0]
    listed = _conjoined(sentence)
    if listed is not None and (fatalities is None or listed > fatalities):
        fatalities = listed
    if fatalities is None and _NO_HARM.search(sentence):
        fatalities = 0
    injuries = 0 if _NO_INJURIES.search(sentence) else _largest(_INJURED, sentence)[0]
    return fatalities, injuries
