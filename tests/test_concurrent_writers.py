"""Two writers on one database (the server's uploads and a CLI run, say) store everything, once."""
from __future__ import annotations

import threading
from pathlib import Path

from eventsift import EventSift

DEMO = Path(__file__).resolve().parents[1] / "src" / "eventsift" / "demo" / "corpus"


def test_two_writers_at_once_lose_nothing(db_url):
    EventSift(db_url).close()  # migrate first: two processes never create one schema at once
    files = sorted(p for p in DEMO.rglob("*") if p.is_file() and p.suffix not in (".json", ".csv", ".md"))
    halves = [files[0::2], files[1::2]]
    reports = [None, None]

    def write(i: int) -> None:
        with EventSift(db_url) as sift:
            reports[i] = sift.run(halves[i])

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r is not None and r.ok for r in reports), [r and r.errors for r in reports]

    with EventSift(db_url) as alone_db:
        together = alone_db.store.counts()
        linked = sorted(tuple(e["doc_ids"]) for e in alone_db.events())
    assert together["documents"] == sum(r.added for r in reports)
    # The same documents stored one writer after the other give as many claims, and every
    # multi-source event of a serial run is found by the concurrent one too.
    serial_url = db_url + "_serial" if db_url.startswith("sqlite") else None
    if serial_url:
        with EventSift(serial_url) as serial:
            serial.run(files)
            assert serial.store.counts()["claims"] == together["claims"]
            assert sorted(tuple(e["doc_ids"]) for e in serial.events()) == linked
