"""A time budget per document, so one pathological input cannot hold up a run.

Python's `re` cannot be interrupted, so the real bound on extraction time comes
from the rules themselves: every pattern that runs over a whole text is written
to take linear time, and sentences are cut to at most
:data:`~eventsift.extract.sentences.MAX_SENTENCE` characters before the
per-sentence rules see them. The budget is the safety net on top: the driver
checks it between whole-text passes and between sentences, and gives up with
:class:`ExtractionTimeout`, saying how far it got.
"""
from __future__ import annotations

import time

__all__ = ["TIME_BUDGET_S", "Deadline", "ExtractionTimeout"]

# Seconds per document. Ordinary news runs at about 25,000 words/s on one core, so this lets
# through some three million words; set it here (or pass budget= to extract_claims) to change.
TIME_BUDGET_S = 20.0


class ExtractionTimeout(RuntimeError):
    """Extraction of one document ran past its time budget and was stopped.

    The message reads on after "extraction": "stopped after 20.3 s at character 1,234,567
    of 5,000,000; the time budget is 20 s per document".
    """

    def __init__(self, elapsed: float, position: int, length: int, budget: float, stage: str = ""):
        self.elapsed, self.position, self.length, self.budget, self.stage = elapsed, position, length, budget, stage
        where = f"at character {position:,} of {length:,}" + (f" ({stage})" if stage else "")
        super().__init__(f"stopped after {elapsed:.1f} s {where}; the time budget is {budget:g} s per document")

    def __reduce__(self):  # picklable with its fields (Dask sends exceptions between processes)
        return (type(self), (self.elapsed, self.position, self.length, self.budget, self.stage))


class Deadline:
    """A monotonic-clock deadline; `check` raises ExtractionTimeout once it has passed."""

    __slots__ = ("budget", "length", "_start", "_end")

    def __init__(self, budget: float | None, length: int):
        self.budget = TIME_BUDGET_S if budget is None else budget
        self.length = length
        self._start = time.monotonic()
        self._end = self._start + self.budget

    def check(self, position: int, stage: str = "") -> None:
        now = time.monotonic()
        if now > self._end:
            raise ExtractionTimeout(now - self._start, position, self.length, self.budget, stage)
