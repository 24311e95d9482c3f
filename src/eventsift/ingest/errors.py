"""The one error type ingest reports, so a bad file never stops a run.

Readers yield an :class:`IngestError` in place of a document and carry on; the
caller decides whether to print, count or fail on them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["IngestError", "printable"]

# Control characters, and the bidi controls that would reorder a terminal line
# (a file named "report\u202etxt.exe" must read as what it is).
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one line with hidden characters shown as escapes (\\n, \\x00, \\u202e)."""
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return _HIDDEN.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                       if ord(m.group()) < 0xd800 else f"\\u{ord(m.group()):04x}", text)


@dataclass(eq=True, unsafe_hash=True)  # hashable: exceptions end up in sets (tracebacks, loggers)
class IngestError(Exception):
    """Why one input (a file, a JSON Lines line, a feed entry) gave no document.

    ``source`` is the path (``path#N`` for a feed entry), ``line`` the 1-based
    line for line-oriented input, ``reason`` one human sentence without a
    trailing newline, ``hint`` what to do about it (shown after the reason; not
    part of equality, so the reason alone identifies the problem).
    """

    source: str
    line: int | None
    reason: str
    hint: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Keep the exception's args in step, so pickling and repr work as for any exception.
        Exception.__init__(self, self.source, self.line, self.reason)

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        hint = f"; {self.hint}" if self.hint else ""
        return printable(f"{where}: {self.reason}{hint}")
