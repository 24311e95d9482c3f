"""Death tolls stated in a clause: exact, at least, up to, or vague words.

A toll that counts more than this one happening (a cumulative, national or
weekly total) is marked aggregate: it is kept as a claim's context but never
becomes an event's toll. Injuries are not counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventsift.extract.patterns import Spans
from eventsift.model import Toll

__all__ = ["NAME", "VERSION", "TollMention", "find_tolls", "parse_number", "is_aggregate"]

NAME = "fatalities"
VERSION = "1"

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
# ACLED codes vague counts as numbers: "dozens" 12, "hundreds" 100; the range keeps what the words allow.
_VAGUE = {"a few": (2, 3, 5), "several": (2, 3, 9), "dozens": (12, 12, 99),
          "scores": (20, 20, 99), "hundreds": (100, 100, 999), "a dozen": (12, 12, 12),
          "tens": (10, 10, 99), "thousands": (1000, 1000, 9999)}

_NUMWORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|one hundred)"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}}){{1,4}}|\d+|{_NUMWORD}|a (?=(?:man|woman|child|girl|boy|civilian|soldier|protester|person|teenager|\d+[- ]year[- ]old))|an (?=(?:elderly|old|unarmed|\d+[- ]year[- ]old))|a dozen|dozens|scores|hundreds|thousands|several|a few)"
_QUAL = r"(?:(?P<q>at least|more than|over|nearly|almost|about|around|some|up to|as many as|as many|an estimated|approximately|roughly)\s+)?"
_NOUN = r"(?:[\w'’-]+\s+){0,4}?(?:people|persons?|civilians?|soldiers?|members|men|women|children|child|protesters?|demonstrators?|defectors?|insurgents?|rebels?|fighters?|troops|residents|person|man|woman|girl|boy|teenagers?|policemen|officers|personnel|militants|of them|others|dead|killed)"
_DEATH = r"(?:killed|dead|died|martyrs|martyred|have died|were killed|have been killed|had been killed|was killed|has been killed|lost (?:their|his|her) li(?:ves|fe)|shot dead|massacred|executed|slain)"

_PATTERNS = [
    # "eight government soldiers and five insurgents were killed": both sides count
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+{_NOUN}[^.;:]{{0,12}}?\s+and\s+(?P<n2>{_NUM})\b\s+[«“‘]?\s*{_NOUN}[^.;:]{{0,30}}?\b{_DEATH}\b", re.IGNORECASE),
    # "across Syria, including one in Homs": the part of a total that is this place's own
    re.compile(rf"\bincluding\s+{_QUAL}(?P<n>{_NUM})(?:\s+{_NOUN})?\s+in\b(?P<part>)", re.IGNORECASE),
    # "at least 30 people were killed", "8 members of the army were killed", "a child has been killed"
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\b\s*{_NOUN}?[^.;:]{{0,60}}?\b{_DEATH}\b", re.IGNORECASE),
    # "killing 20 of them", "killed at least 12 people", "left 10,000 people dead"
    re.compile(rf"\b(?:killing|killed|kills|left|leaving)\s+{_QUAL}(?P<n>{_NUM})\b(?:\s+{_NOUN})?", re.IGNORECASE),
    # "death toll of 23", "toll rose to 23"
    re.compile(rf"\b(?:death toll|toll)\b[^.;]{{0,40}}?\b(?:of|to|at|hit|reached|stands at|rose to)\s+{_QUAL}(?P<n>{_NUM})\b", re.IGNORECASE),
    # "six killed"
    re.compile(rf"\b{_QUAL}(?P<n>{_NUM})\s+(?:dead|killed)\b", re.IGNORECASE),
]

# Words that make a toll a total over many happenings, not this one's.
_AGGREGATE = re.compile(
    r"\bdeath toll\b|\btoll (?:in|across|rose|has|since|for)\b|\bacross (?:Syria|the country|the nation|the region)\b|\bnationwide\b"
    r"|\bthroughout (?:Syria|the country)\b|\bsince (?:the|then|march|the start|the beginning)\b|\bso far\b|\bin total\b|\baltogether\b"
    r"|\b(?:over|in|during) the (?:past|last) \w+\b|\bin (?:a|one|the) (?:bloody )?(?:week|month|year)\b|\bthis (?:week|month|year)\b"
    r"|\bover (?:\w+ )?(?:months|weeks|years)\b|\bper day\b|\beach day\b|\bevery day\b|\bcumulative\b|\bhas (?:hit|reached|risen|climbed)\b"
    r"|\b(?:a|one|the) (?:bloody|deadly|violent) (?:week|month|year)\b|\bweek in which\b"
    r"|\btoll includes\b|\b(?:of|among) the (?:dead|killed|victims|wounded)\b|\bof those killed\b"
    r"|\bhave been killed\b(?=[^.]*\b(?:since|in the|during|throughout)\b)|\buprising\b|\bdaily killing\b",
    re.IGNORECASE)
_INCLUDING = re.compile(r"\bincluding\s+(?:at least\s+)?$", re.IGNORECASE)
_DEATH_WORD = re.compile(r"kill|dead|died|death|toll|martyr|lost|slain|execut|massacr", re.IGNORECASE)
# The first, third and last patterns end in one of these words: where none occurs they cannot match,
# and they are the costly ones (a lazy gap tried against every death word at every number).
_DEATH_EXACT = re.compile(rf"\b{_DEATH}\b", re.IGNORECASE)
_NEEDS_DEATH = frozenset({0, 2, 5})
_WINDOW = 80  # how far from a figure aggregate words still qualify it
_INJURY_AFTER = re.compile(r"\s*(?:people\s+)?(?:were\s+|have been\s+)?(?:injured|wounded|hurt)", re.IGNORECASE)


@dataclass(frozen=True)
class TollMention:
    start: int
    end: int
    toll: Toll
    aggregate: bool


def parse_number(word: str) -> tuple[int, int, int, str] | None:
    """(low, best, high, qualifier) of a number in digits or words."""
    w = word.strip().lower().replace("-", " ")
    if w in ("a", "an", "a man", "a woman"):
        return 1, 1, 1, "exact"
    if w in _VAGUE:
        lo, best, hi = _VAGUE[w]
        return min(lo, best), best, hi, "vague"
    digits = w.replace(",", "")
    if digits.isdecimal():  # any script's digits, as `\d` finds them ("١٢"); not "²"
        if len(digits) > 15:
            return None  # no count of dead; and int() refuses thousands of digits
        n = int(digits)
        return n, n, n, "exact"
    if w in ("a hundred", "one hundred"):
        return 100, 100, 100, "exact"
    parts = w.split()
    if len(parts) == 1 and w in _UNITS:
        return _UNITS[w], _UNITS[w], _UNITS[w], "exact"
    if parts and parts[0] in _TENS:
        n = _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
        return n, n, n, "exact"
    return None


def is_aggregate(text: str, start: int, end: int) -> bool:
    return bool(_AGGREGATE.search(text, start, end))


def _qualify(n: tuple[int, int, int, str], q: str | None) -> Toll:
    lo, best, hi, kind = n
    q = (q or "").lower()
    if q in ("at least", "more than", "over"):
        return Toll(lo, best, max(hi, best * 2 if best < 10 else int(best * 1.5)), "at_least")
    if q in ("up to", "as many as", "as many"):
        return Toll(min(lo, max(0, best // 2)), best, best, "up_to")
    if q in ("about", "around", "some", "an estimated", "approximately", "roughly", "nearly", "almost"):
        return Toll(int(best * 0.8), best, int(round(best * 1.2)), "about")
    return Toll(lo, best, hi, kind)


def find_tolls(text: str, start: int = 0, end: int | None = None,
               context: tuple[int, int] | None = None) -> list[TollMention]:
    """Tolls in text[start:end]; `context` (a sentence span) is searched for aggregate words."""
    end = len(text) if end is None else end
    if not _DEATH_WORD.search(text, start, end):
        return []  # no word of death: no toll, whatever the numbers
    cs, ce = context or (start, end)
    out: list[TollMention] = []
    taken = Spans()
    exact = _DEATH_EXACT.search(text, start, end) is not None
    for i, pattern in enumerate(_PATTERNS):
        if not exact and i in _NEEDS_DEATH:
            continue
        for m in pattern.finditer(text, start, end):
            if taken.overlaps(m.start(), m.end()):
                continue
            n = parse_number(m.group("n"))
            if n is None or n[1] > 1_000_000:
                continue
            if "part" not in pattern.groupindex and _INCLUDING.search(text, max(cs, m.start("n") - 12), m.start("n")):
                continue  # "eight people, including two women": a breakdown of the toll, not the toll
            n2 = parse_number(m.group("n2")) if "n2" in pattern.groupindex and m.group("n2") else None
            if n2 is not None:
                n = (n[0] + n2[0], n[1] + n2[1], n[2] + n2[2], "exact")
            if _INJURY_AFTER.match(text, m.end("n"), min(end, m.end("n") + 40)):
                continue
            # "people were killed across Syria", "the death toll ... hit 3,500"
            part = "part" in pattern.groupindex
            window = (max(cs, m.start() - _WINDOW), min(ce, m.end() + _WINDOW))
            aggregate = not part and (is_aggregate(text, *window) or n[1] >= 1000)
            taken.add(m.start(), m.end())
            out.append(TollMention(m.start(), m.end(), _qualify(n, m.group("q")), aggregate))
    out.sort(key=lambda t: t.start)
    return out
