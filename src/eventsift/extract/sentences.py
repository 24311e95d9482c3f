"""Sentence and clause boundaries, as character offsets into the document text.

Every pattern here runs over whole paragraphs, so each is written to take time
linear in the text (no two quantifiers that can share a run of characters, and a
match tried only where a run starts); a sentence is at most MAX_SENTENCE
characters long, so the rules that read sentences see bounded input.
"""
from __future__ import annotations

import re

__all__ = ["MAX_SENTENCE", "sentences", "paragraphs", "clauses"]

# Longer "sentences" (a page without full stops, a table flattened into one line) are cut at
# the last space before this many characters; real ones in news are under 500.
MAX_SENTENCE = 1000

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace
# and an upper-case letter, digit, quote or bracket; or at a blank line / line break. Tried only
# at the first mark of a run ("....."), possessively: a run of marks costs its length once.
_END = re.compile(r"""(?<![.!?])[.!?]++["'”’»)\]]*+(?=\s+["'“‘«(\[]?[A-Z0-9\u0600-\u06FF])|\n+""")
# Abbreviations whose dot does not end a sentence.
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Lt|Col|Gen|Sgt|Capt|Maj|St|Jr|Sr|No|vs|U\.S|U\.N|Gov|Sen|Rep|Prof|Brig|approx|etc)|\b[A-Z])\.$")
_PARA = re.compile(r"\n\s*\n")
# Where one sentence reports two happenings: "X was killed in A, and a man was killed in B".
# (Runs of whitespace are tried from their first character only.)
_CLAUSE = re.compile(r",\s+(?:and|while|whereas)\s+|;\s+|(?<!\s)\s+(?:and|while)\s+(?=(?:a|an|the|one|another|two|three|\d+)\b)")
_NONSPACE = re.compile(r"\S")
_ABBREV_LEN = 8  # the longest abbreviation and its dot, "approx.", and a character before it


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    s = start
    for m in _END.finditer(text, start, end):
        if m.group().strip(".!?\"'”’»)]") == "" and m.group()[0] == "." and \
                _ABBREV.search(text, max(s, m.end() - _ABBREV_LEN), m.end()):
            continue
        _push(text, s, m.end() if m.group()[0] != "\n" else m.start(), out, MAX_SENTENCE)
        s = m.end()
    _push(text, s, end, out, MAX_SENTENCE)
    return out


def _push(text: str, s: int, e: int, out: list[tuple[int, int]], limit: int | None = None) -> None:
    chunk = text[s:e]  # trimmed by str.strip (in C: a megabyte of spaces is no loop here)
    s += len(chunk) - len(chunk.lstrip())
    e = s + len(chunk.strip())
    while limit is not None and e - s > limit:
        # Too long for a sentence: cut at the last whitespace in its second half, else hard.
        cut = max(text.rfind(" ", s + limit // 2, s + limit), text.rfind("\n", s + limit // 2, s + limit),
                  text.rfind("\t", s + limit // 2, s + limit))
        cut = cut if cut > s else s + limit
        _push(text, s, cut, out)
        s = cut
        found = _NONSPACE.search(text, s, e)
        s = found.start() if found else e
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
