"""Review decisions: merge, split, confirm, discount; they survive reruns and new documents."""
import io
import json

import pytest

from eventsift import EventSift
from eventsift.store import ReviewError

WIRE = ("Syrian government forces shelled the Khalidiya district of Homs on Tuesday, killing at least "
        "12 people, the Syrian Observatory for Human Rights said.\n")
STATE = "State media said troops killed 7 terrorists in the Khalidiya neighbourhood of Homs on Tuesday.\n"
LATE = "Shelling of Khalidiya in Homs on Tuesday killed 9 people, residents said.\n"


def write(folder, name, text, published="2014-03-12T10:00:00Z", outlet=None):
    (folder / name).write_text(text, encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(json.dumps(
        {"outlet": outlet or name, "published": published, "language": "en"}))


@pytest.fixture
def sift(tmp_path, db_url):  # SQLite and PostgreSQL (conftest.py)
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "wire.txt", WIRE, outlet="Levant Wire")
    write(docs, "state.txt", STATE, outlet="Northern Dispatch")
    s = EventSift(db_url)
    assert s.run([docs]).ok
    s.docs = docs
    yield s
    s.close()


def events(sift):
    return {e["id"]: e for e in sift.events()}


def snapshot(e):
    return {k: v for k, v in e.items() if k != "timestamp"}


def test_two_reports_of_one_shelling_are_one_event(sift):
    (e,) = events(sift).values()
    assert e["doc_ids"] == ["state.txt", "wire.txt"]
    assert (e["fatalities_low"], e["fatalities_best"]) == (7, 7)
    assert e["corroboration"] == "contested"


def test_split_then_merge_restores_the_event(sift):
    (before,) = events(sift).values()
    state_claim = [c["id"] for c in sift.store.claims_of(before["id"]) if c["doc_id"] == "state.txt"]
    new_id = sift.split(before["id"], state_claim, reason="state media figure is a different clash")
    assert set(events(sift)) == {before["id"], new_id}
    sift.merge(before["id"], new_id, reason="same shelling after all")
    (after,) = events(sift).values()
    assert snapshot(after) == snapshot(before)
    out = io.StringIO()
    sift.export("deletions", out)
    assert new_id in out.getvalue() and before["id"] in out.getvalue()


def test_confirmed_grade_survives_new_documents_and_reruns(sift):
    (e,) = events(sift).values()
    sift.confirm(e["id"], "matched against hospital records", by="desk")
    write(sift.docs, "late.txt", LATE, outlet="Homs Eyewitness Network")
    assert sift.run([sift.docs]).ok
    assert sift.run([sift.docs]).added == 0
    (after,) = events(sift).values()
    assert after["corroboration"] == "confirmed" and "hospital records" in after["corroboration_reason"]
    assert "late.txt" in after["doc_ids"]


def test_bad_review_actions_are_refused(sift):
    (e,) = events(sift).values()
    with pytest.raises(ReviewError, match="no event"):
        sift.merge(e["id"], "ev_missing")
    with pytest.raises(ReviewError, match="at least one claim"):
        sift.split(e["id"], [c["id"] for c in sift.store.claims_of(e["id"])])
    with pytest.raises(ReviewError, match="reason"):
        sift.discount(e["id"], " ")
