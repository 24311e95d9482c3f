"""Extraction takes bounded time on any document.

Python's `re` cannot be interrupted, so the bound comes from the patterns
(each linear in the text it reads) and from sentences of at most
MAX_SENTENCE characters; a time budget per document is the safety net, and
ExtractionTimeout says how far extraction got. The adversarial inputs are
those of benchmarks/adversarial.py (its table is in docs/reliability.md):
before the patterns were bounded, the worst of them took hours at this size.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import pickle
import re
import time
from pathlib import Path

import pytest

from eventsift.core import RunReport

from eventsift.extract import ExtractionTimeout, budget, extract_claims
from eventsift.extract.places import Gazetteer
from eventsift.extract.sentences import MAX_SENTENCE, sentences
from eventsift.model import Document

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("eventsift_adversarial", ROOT / "benchmarks" / "adversarial.py")
adversarial = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(adversarial)

SIZE = 50_000  # characters per adversarial case
BOUND = 5.0  # seconds per case: ten times what the slowest takes here, for busy machines
LONG = 5_000_000
LONG_BOUND = 15.0

SEED_LIKE = ("BEIRUT, March 12 (Levant Wire) - Government forces shelled the Khalidiya district of Homs on "
             "Tuesday, killing at least 12 people, the Syrian Observatory for Human Rights said.\n\n"
             "Rebels and government troops clashed at a checkpoint in Talbiseh on Wednesday, leaving four "
             "soldiers dead, activists said. The toll could not be independently verified.\n\n")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    g = Gazetteer.default()
    g.find("Homs")  # the index loads before any clock starts
    return g


def _timed(doc: Document, gaz: Gazetteer, **kwargs) -> float:
    start = time.perf_counter()
    extract_claims(doc, gaz, **kwargs)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", list(adversarial.CASES))
def test_adversarial_text_is_read_in_bounded_time(name, gaz, record_property):
    doc = adversarial.document(adversarial.build(name, SIZE))
    seconds = _timed(doc, gaz, budget=float("inf"))
    record_property("seconds", round(seconds, 3))
    assert seconds < BOUND, f"{name}: {seconds:.1f} s for {len(doc.text):,} characters"


@pytest.mark.parametrize("name", list(adversarial.LONG_LINES))
def test_five_megabytes_without_a_full_stop(name, gaz, record_property):
    doc = adversarial.document(adversarial.build(name, LONG))
    assert all(e - s <= MAX_SENTENCE for s, e in sentences(doc.text))
    start = time.perf_counter()
    try:
        extract_claims(doc, gaz, budget=LONG_BOUND)
    except ExtractionTimeout:  # a machine so busy that the budget ran out: stopped in time all the same
        pass
    seconds = time.perf_counter() - start
    record_property("seconds", round(seconds, 3))
    # The budget is checked between passes over the text: one pass (seconds, on a busy machine) late at most.
    assert seconds < 2 * LONG_BOUND, f"{name}: {seconds:.1f} s"


class _Clock:
    """time.monotonic for the budget: each reading one second after the last."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


def _doc(text: str = SEED_LIKE * 20) -> Document:
    return Document(id="long.txt", text=text, raw=text.encode(), kind="text", source="corpus/long.txt",
                    published=dt.datetime(2012, 3, 15, tzinfo=dt.timezone.utc))


def test_the_budget_stops_extraction_and_says_where(monkeypatch, gaz):
    monkeypatch.setattr(budget, "time", _Clock())
    doc = _doc()
    with pytest.raises(ExtractionTimeout) as caught:
        extract_claims(doc, gaz, budget=7.5)
    exc = caught.value
    # Checks: after places, sources, actors, dates, then one per sentence: the 8th is past 7.5 s.
    assert exc.budget == 7.5 and exc.elapsed > 7.5 and exc.length == len(doc.text)
    assert 0 < exc.position < len(doc.text)
    assert exc.position in {s for s, _ in sentences(doc.text)}  # stopped between sentences
    message = str(exc)
    assert re.fullmatch(r"stopped after \d+\.\d s at character [\d,]+ of [\d,]+; "
                        r"the time budget is 7\.5 s per document", message), message
    assert f"at character {exc.position:,} of {len(doc.text):,}" in message
    # What a run reports for the document.
    report = RunReport()
    report.store(doc, lambda: (_ for _ in ()).throw(exc))
    assert report.errors[0].startswith("corpus/long.txt: extraction stopped after ")


def test_the_budget_before_the_first_sentence(monkeypatch, gaz):
    monkeypatch.setattr(budget, "time", _Clock())
    with pytest.raises(ExtractionTimeout, match=r"at character 0 of [\d,]+ \(after finding places\)"):
        extract_claims(_doc(), gaz, budget=0.5)


def test_the_module_constant_is_the_default(monkeypatch, gaz):
    monkeypatch.setattr(budget, "time", _Clock())
    monkeypatch.setattr(budget, "TIME_BUDGET_S", 3.5)
    with pytest.raises(ExtractionTimeout, match=r"the time budget is 3\.5 s per document"):
        extract_claims(_doc(), gaz)
    # A budget given to the call wins over the constant; an infinite one never stops.
    assert extract_claims(_doc(), gaz, budget=float("inf"))


def test_within_budget_nothing_changes(gaz):
    doc = _doc(SEED_LIKE)
    assert [c.to_dict() for c in extract_claims(doc, gaz)] == \
        [c.to_dict() for c in extract_claims(doc, gaz, budget=float("inf"))]


def test_the_timeout_crosses_process_boundaries():
    exc = ExtractionTimeout(21.04, 1_234_567, 5_000_000, 20.0, "")
    again = pickle.loads(pickle.dumps(exc))
    assert str(again) == str(exc) == ("stopped after 21.0 s at character 1,234,567 of 5,000,000; "
                                      "the time budget is 20 s per document")
    assert (again.position, again.length, again.budget) == (1_234_567, 5_000_000, 20.0)


def test_a_run_reports_the_stopped_document_and_goes_on(monkeypatch, tmp_path):
    from eventsift import EventSift

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a_long.txt").write_text(SEED_LIKE * 30, encoding="utf-8")
    (tmp_path / "corpus" / "b_short.txt").write_text(SEED_LIKE, encoding="utf-8")
    monkeypatch.setattr(budget, "time", _Clock())  # a second per check: 30 lets the short one through
    monkeypatch.setattr(budget, "TIME_BUDGET_S", 30.0)
    with EventSift(f"sqlite:///{tmp_path}/t.db") as es:
        report = es.run([tmp_path / "corpus"])
    assert report.added == 1 and report.claims > 0
    (error,) = report.errors
    assert re.fullmatch(r".*a_long\.txt: extraction stopped after \d+\.\d s "
                        r"at character [\d,]+ of [\d,]+; the time budget is 30 s per document", error), error
