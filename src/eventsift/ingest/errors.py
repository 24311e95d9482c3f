"""The one error type ingest reports, so a bad file never stops a run.

Readers yield an :class:`IngestError` in place of a document and carry on; the
caller decides whether to print, count or fail on them.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestError"]


@dataclass(eq=True, unsafe_hash=True)  # hashable: exceptions end up in sets (tracebacks, loggers)
class IngestError(Exception):
    """Why one input (a file, a JSON Lines line, a feed entry) gave no document.

    ``source`` is the path (``path#N`` for a feed entry), ``line`` the 1-based
    line for line-oriented input, ``reason`` one human sentence without a
    trailing newline.
    """

    source: str
    line: int | None
    reason: str

    def __post_init__(self) -> None:
        # Keep the exception's args in step, so pickling and repr work as for any exception.
        Exception.__init__(self, self.source, self.line, self.reason)

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"
