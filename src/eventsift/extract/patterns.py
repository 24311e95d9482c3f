"""Building the rule lexicons' regular expressions so that they scan fast.

Python's `re` tries every alternative at every position. A lexicon written as
`\\bkilled\\b|\\bdied\\b|...` therefore pays for each alternative's leading `\\b`
at each character; written as `\\b(?:killed\\b|died\\b|...)`, most positions are
rejected by one test. `fast` rewrites the first form into the second, and
`Gate` finds in one Aho-Corasick pass which rules can fire in a stretch of text.
`Spans` keeps the stretches earlier matches took, so "is this one free?" costs a
bisection, not a pass over every match so far (thousands in a long text).
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from typing import Iterable, Sequence

import ahocorasick

__all__ = ["fast", "top_level_alternatives", "Gate", "Spans"]


def top_level_alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level `|` (not inside groups or character classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def fast(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile with the alternatives' shared leading `\\b` tested once."""
    alts = top_level_alternatives(pattern)
    if len(alts) > 1 and all(a.startswith(r"\b") for a in alts):
        pattern = r"\b(?:" + "|".join(a[2:] for a in alts) + ")"
    return re.compile(pattern, flags)


class Gate:
    """Which of several rules may match a text: a rule may only when one of its words occurs."""

    def __init__(self, words_per_rule: Sequence[Iterable[str]]):
        self._rules = len(words_per_rule)
        table: dict[str, set[int]] = {}
        for i, words in enumerate(words_per_rule):
            for w in words:
                table.setdefault(w.lower(), set()).add(i)
        self._automaton = ahocorasick.Automaton()
        for w, rules in table.items():
            self._automaton.add_word(w, frozenset(rules))
        self._automaton.make_automaton()

    def open(self, text: str) -> list[int]:
        """The rules (indices, in order) whose words occur in text."""
        fired: set[int] = set()
        for _, rules in self._automaton.iter(text.lower()):
            fired |= rules
        return sorted(fired)


class Spans:
    """Pairwise non-overlapping [start, end) spans: `overlaps` answers what
    `any(s < e2 and s2 < e for s2, e2 in spans)` would, in O(log n)."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Sorted by (start, end), spans that do not overlap one another also have sorted ends, so
        # of those starting before `end`, the last one reaches furthest.
        i = bisect_left(self._spans, (end, -1))
        return i > 0 and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        """Keep a span; callers add only spans for which `overlaps` was False."""
        insort(self._spans, (start, end))

    def __len__(self) -> int:
        return len(self._spans)
