"""Sentence and clause boundaries, as character offsets into the document text."""
from __future__ import annotations

import re

__all__ = ["sentences", "paragraphs", "clauses"]

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace
# and an upper-case letter, digit, quote or bracket; or at a blank line / line break.
_END = re.compile(r"""[.!?]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9\u0600-\u06FF])|\n+""")
# Abbreviations whose dot does not end a sentence.
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Lt|Col|Gen|Sgt|Capt|Maj|St|Jr|Sr|No|vs|U\.S|U\.N|Gov|Sen|Rep|Prof|Brig|approx|etc)|\b[A-Z])\.$")
_PARA = re.compile(r"\n\s*\n")
# Where one sentence reports two happenings: "X was killed in A, and a man was killed in B".
_CLAUSE = re.compile(r",\s+(?:and|while|whereas)\s+|;\s+|\s+(?:and|while)\s+(?=(?:a|an|the|one|another|two|three|\d+)\b)")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    s = start
    for m in _END.finditer(text, start, end):
        if m.group().strip(".!?\"'”’»)]") == "" and m.group()[0] == "." and _ABBREV.search(text, s, m.end()):
            continue
        _push(text, s, m.end() if m.group()[0] != "\n" else m.start(), out)
        s = m.end()
    _push(text, s, end, out)
    return out


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    s = start
    for m in _PARA.finditer(text, start, end):
        _push(text, s, m.start(), out)
        s = m.end()
    _push(text, s, end, out)
    return out


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence where a coordinating break may start a second report."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _CLAUSE.finditer(text, start, end):
        _push(text, s, m.start(), out)
        s = m.end()
    _push(text, s, end, out)
    return out
