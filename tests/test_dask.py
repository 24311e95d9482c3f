"""`run --dask`: ingest and extraction on a Dask cluster give exactly what a serial run gives."""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventsift import EventSift
from eventsift.cli import app
from eventsift.scale.dask_run import parse_address, run_dask
from test_warc import write_crawl

distributed = pytest.importorskip("distributed")
runner = CliRunner()

PLACES = [("the Khalidiya district of Homs", "Homs"), ("Baba Amr in Homs", "Homs"), ("Talbiseh", "Homs"),
          ("Rastan", "Homs"), ("Douma", "Rif Dimashq"), ("the city of Hama", "Hama"), ("Idlib", "Idlib"),
          ("Maarat al-Numaan", "Idlib"), ("Daraa", "Daraa"), ("the Salaheddine district of Aleppo", "Aleppo")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "Government forces shelled {place} on {day}, killing at least {n} people, the Syrian Observatory for "
    "Human Rights said.",
    "Rebels and government troops clashed near {place} on {day}, leaving {n} fighters dead, activists said.",
    "Security forces opened fire on protesters in {place} on {day}, killing {n} people, residents said.",
    "An air strike hit a market in {place} on {day}, killing {n} civilians, medics said.",
    "Troops arrested {n} men in a raid on {place} on {day}, a local activist said.",
    "Thousands of people marched in {place} on {day} to demand the release of detainees.",
]
OUTLETS = ["Levant Wire", "Orontes Monitor", "Northern Dispatch", "Crescent Daily", "Hauran Bulletin"]


def generate(folder: Path, n: int = 60, seed: int = 7) -> Path:
    """n short reports from templates (a third retell an earlier one), with metadata.csv."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    told: list[tuple[int, str, str, int, int]] = []
    rows = [["file", "outlet", "title", "published", "language"]]
    for i in range(n):
        if told and rng.random() < 0.33:
            k, place, day, toll, week = rng.choice(told)
            toll += rng.choice([0, 0, 1, 2])
        else:
            k, (place, _), day, toll, week = (rng.randrange(len(TEMPLATES)), rng.choice(PLACES),
                                              rng.choice(DAYS), rng.randint(2, 30), i // 10)
            told.append((k, place, day, toll, week))
        text = TEMPLATES[k].format(place=place, day=day, n=toll)
        text += " " + rng.choice(["The toll could not be independently verified.",
                                  "More than 9,000 people have been killed since the uprising began, the UN says.",
                                  "Communications in the area were cut, residents said.", ""])
        name = f"report-{i:03d}.txt"
        (folder / name).write_text(text.strip() + "\n", encoding="utf-8")
        rows.append([name, rng.choice(OUTLETS), text[:40], f"2012-0{3 + week // 4}-{10 + week % 4 * 4:02d}T12:00:00Z",
                     "en"])
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    records = [{"id": f"rec-{j}", "text": TEMPLATES[j % len(TEMPLATES)].format(place=PLACES[j][0], day="Friday", n=j + 3),
                "published": "2012-04-02", "outlet": "Records Desk"} for j in range(8)]
    (folder / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    write_crawl(folder / "crawl.warc.gz", break_second_page=True)  # 2 documents and an error
    return folder / "metadata.csv"


def exports(sift: EventSift) -> tuple[list[dict], list[dict]]:
    """ACLED rows and JSON Lines events, without the timestamps of the run."""
    out = io.StringIO()
    sift.export("acled", out)
    acled = [{k: v for k, v in row.items() if k != "timestamp"} for row in csv.DictReader(io.StringIO(out.getvalue()))]
    out = io.StringIO()
    sift.export("jsonl", out)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    for e in events:
        e.pop("timestamp")
    return acled, events


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_generated_corpus_on_two_workers_matches_a_serial_run(tmp_path, client):
    meta = generate(tmp_path / "corpus")
    with EventSift(f"sqlite:///{tmp_path}/serial.db") as sift:
        serial = sift.run([tmp_path / "corpus"], meta)
        serial_out = exports(sift)
    with EventSift(f"sqlite:///{tmp_path}/dask.db") as sift:
        seen: list[str] = []
        report = run_dask(sift, [tmp_path / "corpus"], meta, client, chunk_size=8, on_item=seen.append)
        dask_out = exports(sift)
        address = client.scheduler.address  # tcp://127.0.0.1:PORT, as `--dask tcp://...` gives it
        again = run_dask(sift, [tmp_path / "corpus"], meta, address, chunk_size=8)
    assert serial.added == 70 and serial.claims > 60 and len(serial.errors) == 3, serial
    assert (report.added, report.unchanged, report.claims, report.errors) == \
        (serial.added, serial.unchanged, serial.claims, serial.errors)
    assert len(seen) == 73
    assert len(serial_out[0]) > 20
    assert dask_out == serial_out
    assert (again.added, again.unchanged) == (0, 70)
    assert len(client.nthreads()) == 2


def test_seeds_with_dask_match_a_serial_run(shared, tmp_path):
    seeds = shared / "corpus" / "seeds"
    outs = []
    for name, extra in (("serial", []), ("dask", ["--dask", "local:2"])):
        db = f"sqlite:///{tmp_path}/{name}.db"
        r = runner.invoke(app, ["run", str(seeds), "--meta", str(seeds / "metadata.csv"), "--db", db, *extra])
        assert r.exit_code == 0, r.output
        with EventSift(db) as sift:
            outs.append(exports(sift))
    assert outs[0][0] and outs[1] == outs[0]


def test_addresses():
    assert parse_address("local") == ("local", None)
    assert parse_address("local:3") == ("local", 3)
    assert parse_address("tcp://10.0.0.5:8786") == ("remote", None)
    for bad in ("local:0", "local:x", "cluster", "http://x"):
        with pytest.raises(ValueError):
            parse_address(bad)
    r = runner.invoke(app, ["run", ".", "--dask", "nowhere"])
    assert r.exit_code == 2 and "local:N" in r.output
