#!/usr/bin/env python3
"""The served API under load while documents are written to the same database.

    python benchmarks/bench_load.py [--seconds 30] [--clients 8] [--api-writers 1] [--cli-batch 40]
                                    [--base-docs 500] [--workers 1] [--db postgresql://...]

A newsroom deployment: `eventsift serve` answers readers while reporters
upload documents through the API and a scheduled `eventsift run` ingests the
latest files into the same database. For --seconds:

- --clients reader threads (one httpx client each) ask the API what the page
  and scripts ask: a filtered page of events (date window with a type, grade,
  actor, words or a bounding box), the same as GeoJSON, one event with its
  claims, a document's claims, a document;
- --api-writers threads POST one document at a time to /api/documents with
  the bearer token;
- a CLI writer runs `eventsift run BATCH.jsonl --db URL` on the next
  --cli-batch documents as soon as the previous run ends (0 turns it off).

Documents come from benchmarks/generate.py (cached in benchmarks/.cache/);
the database starts with --base-docs of them run through the pipeline (SQLite:
cached, copied for each run; --db postgresql://...: ingested into that
database, which should be empty). Only loopback traffic; the run stops by itself.

It prints requests made, errors (any unexpected status, refused write or
exception: must be 0), documents written by each writer against the
documents found in the database at the end (no lost writes: every
acknowledged API document and every document of every CLI run is there),
read latency p50/p95/p99/max overall and by kind, write latency p50/p95, and
documents ingested per second. Exit status 0 only with no errors and no lost
writes. Figures depend on what else the machine is doing: the load average
before and after is printed.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)
from bench_api import wait_for_server  # noqa: E402
from bench_run import _pythonpath, environment, snapshot_src  # noqa: E402

__all__ = ["main"]

TOKEN = "bench-load-token"
SEED = 7
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"]
WORDS = ["shelling", "market", "hospital", "checkpoint", "Homs", "Aleppo", "Idlib", "protest", "clashes",
         "airstrike", "barrel", "Observatory", "rebels", "army", "Daraa", "Hama", "arrested", "convoy"]


def corpus(n: int) -> list[dict]:
    """n generated articles as JSON Lines records, generated once and cached."""
    h = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]
    folder = CACHE / f"load-corpus-n{n}-s{SEED}-{h}"
    path = folder / "corpus.jsonl"
    if not path.exists():
        tmp = Path(tempfile.mkdtemp(prefix="load-corpus-", dir=CACHE))
        generate.generate(tmp, n, seed=SEED, fmt="jsonl")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def eventsift_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("eventsift")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "eventsift"]


def base_database(records: list[dict], db: str | None, work: Path) -> str:
    """The database URL to serve: --db as given (the base ingested into it), or a copy of a cached SQLite base."""
    from eventsift import EventSift
    from eventsift.store import search

    if db:
        with EventSift(db) as sift:
            if sift.store.counts()["documents"] == 0:
                print(f"ingesting {len(records)} base documents into {db.split('@')[-1]} ...", flush=True)
                sift.run([write_jsonl(work / "base.jsonl", records)])
        return db
    h = hashlib.sha256(json.dumps([r["id"] for r in records]).encode()).hexdigest()[:10]
    cached = CACHE / f"load-base-{len(records)}-{h}.db"
    if not cached.exists():
        print(f"building the base database: {len(records)} documents through the pipeline ...", flush=True)
        tmp = CACHE / f"{cached.name}.part"
        tmp.unlink(missing_ok=True)
        t = time.perf_counter()
        with EventSift(f"sqlite:///{tmp}") as sift:
            sift.run([write_jsonl(work / "base.jsonl", records)])
            search.refresh(sift.store.engine)  # the full-text index complete, as on a server that ran a while
        import sqlite3
        with sqlite3.connect(tmp) as conn:  # one file, no WAL beside it
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
        tmp.rename(cached)
        print(f"  built in {time.perf_counter() - t:.0f} s (cached as {cached.relative_to(ROOT)})", flush=True)
    target = work / "load.db"
    shutil.copyfile(cached, target)
    return f"sqlite:///{target}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_ids(db: str) -> set[str]:
    from sqlalchemy import select

    from eventsift.store import Store
    from eventsift.store.schema import documents
    store = Store(db, migrate=False)
    try:
        with store.engine.connect() as conn:
            return set(conn.execute(select(documents.c.id)).scalars())
    finally:
        store.close()


def sample_events(base: str) -> tuple[list[str], list[str], tuple[str, str]]:
    """Event ids, document ids and the date range of the served database, for the readers' requests."""
    r = httpx.get(f"{base}/api/events", params={"limit": 500}, timeout=60).json()
    ids = [e["id"] for e in r["items"]]
    docs = sorted({d for e in r["items"] for d in e["doc_ids"]})
    dates = sorted(e["event_date"] for e in r["items"]) or ["2012-01-01"]
    return ids, docs, (dates[0], dates[-1])


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reads: dict[str, list[float]] = defaultdict(list)
        self.writes: list[float] = []
        self.errors: Counter = Counter()
        self.examples: list[str] = []

    def error(self, what: str, detail: str) -> None:
        with self.lock:
            self.errors[what] += 1
            if len(self.examples) < 8:
                self.examples.append(f"{what}: {detail[:300]}")


def reader(k: int, base: str, stop: threading.Event, stats: Stats, events: list[str], docs: list[str],
           span: tuple[str, str]) -> None:
    import datetime as dt
    rng = random.Random(1000 + k)
    lo, hi = (dt.date.fromisoformat(d) for d in span)
    days = max(1, (hi - lo).days)
    mine: dict[str, list[float]] = defaultdict(list)
    with httpx.Client(base_url=base, timeout=60) as http:
        while not stop.is_set():
            kind = rng.choices(["list", "geojson", "event", "claims", "document"], weights=[5, 1, 2, 1, 1])[0]
            start = lo + dt.timedelta(days=rng.randrange(days))
            window = {"date_from": start.isoformat(), "date_to": (start + dt.timedelta(days=rng.choice([3, 10, 30])))
                      .isoformat(), "limit": 100}
            if kind in ("list", "geojson"):
                extra = rng.choice([{"event_type": rng.choice(TYPES)}, {"grade": rng.choice(["weak", "fair"])},
                                    {"actor": rng.choice(["rebels", "military", "civilians"])},
                                    {"q": rng.choice(WORDS)}, {"bbox": "35.7,32.3,42.4,37.3"}])
                kind = kind if kind == "geojson" else f"list:{next(iter(extra))}"
                path, params = "/api/events", {**window, **extra, **({"format": "geojson"} if kind == "geojson"
                                                                     else {})}
            elif kind == "event":
                path, params = f"/api/events/{rng.choice(events)}", {}
            elif kind == "claims":
                path, params = "/api/claims", {"doc_id": rng.choice(docs), "limit": 50}
            else:
                path, params = f"/api/documents/{rng.choice(docs)}", {}
            t = time.perf_counter()
            try:
                r = http.get(path, params=params)
            except Exception as exc:  # noqa: BLE001 - every failure counts
                stats.error(f"read {kind}", f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - t
            # A merged-away event is a legitimate 404 while writers relink; anything else is an error.
            if r.status_code == 200 or (kind == "event" and r.status_code == 404 and "merged" in r.text):
                mine[kind].append(elapsed)
            else:
                stats.error(f"read {kind}", f"{r.status_code} {path} {r.text}")
    with stats.lock:
        for kind, values in mine.items():
            stats.reads[kind].extend(values)


def api_writer(base: str, stop: threading.Event, stats: Stats, queue: list[dict], qlock: threading.Lock,
               acknowledged: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        while not stop.is_set():
            with qlock:
                if not queue:
                    return
                record = queue.pop()
            t = time.perf_counter()
            try:
                r = http.post("/api/documents", json=record)
            except Exception as exc:  # noqa: BLE001
                stats.error("write api", f"{type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - t
            if r.status_code == 200 and r.json().get("added") == 1:
                with stats.lock:
                    stats.writes.append(elapsed)
                    acknowledged.append(record["id"])
            else:
                stats.error("write api", f"{r.status_code} {r.text}")


def cli_writer(db: str, stop: threading.Event, stats: Stats, records: list[dict], batch: int, work: Path,
               done: list[str], runs: list[float], log: Path) -> None:
    """`eventsift run` on the next batch as soon as the last one ends; done gets the ids it stored."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for n in itertools.count():
        if stop.is_set():
            return
        chunk = records[n * batch:(n + 1) * batch]
        if not chunk:
            return
        path = write_jsonl(work / f"cli-batch-{n:04d}.jsonl", chunk)
        t = time.perf_counter()
        proc = subprocess.run([*eventsift_cmd(), "run", str(path), "--db", db, "-q"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs.append(time.perf_counter() - t)
        err = proc.stderr.decode(errors="replace")
        with open(log, "a", encoding="utf-8") as f:
            f.write(err)
        # The run names each document it could not store as FILE:LINE: reason; the others must be stored.
        failed = {int(m) for m in re.findall(rf"{re.escape(path.name)}:(\d+):", err)}
        done.extend(r["id"] for i, r in enumerate(chunk, 1) if i not in failed)
        for line in sorted(failed):
            stats.error("write cli", f"{path.name}:{line}: " + err.split(f"{path.name}:{line}:", 1)[1].split("\n")[0])
        if proc.returncode != 0 and not failed:
            stats.error("write cli", f"eventsift run exited {proc.returncode} on batch {n}: {err[-300:]}")


def pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def ms(values: list[float], ps=(50, 95, 99)) -> str:
    return " ".join(f"{pct(values, p) * 1000:8.1f}" for p in ps)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30.0, help="how long readers and writers run (30)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent reading clients (8)")
    ap.add_argument("--api-writers", type=int, default=1, help="threads posting documents with the token (1)")
    ap.add_argument("--cli-batch", type=int, default=40,
                    help="documents per `eventsift run` of the CLI writer, run back to back (40; 0: no CLI)")
    ap.add_argument("--base-docs", type=int, default=500, help="documents in the database at the start (500)")
    ap.add_argument("--pool", type=int, default=3000, help="documents available to each writer (3000)")
    ap.add_argument("--workers", type=int, default=1, help="eventsift serve --workers (1)")
    ap.add_argument("--db", help="postgresql://... (an empty database); default: a SQLite file in a temp folder")
    ap.add_argument("--live", action="store_true",
                    help="run src/ as it is (default: a copy taken at the start, as src/ may be edited meanwhile)")
    args = ap.parse_args()

    CACHE.mkdir(exist_ok=True)
    records = corpus(args.base_docs + 2 * args.pool)
    base_recs = records[:args.base_docs]
    api_pool = list(reversed(records[args.base_docs:args.base_docs + args.pool]))  # popped from the end
    cli_pool = records[args.base_docs + args.pool:]
    work = Path(tempfile.mkdtemp(prefix="eventsift-bench-load-"))
    src = None if args.live else snapshot_src(work)
    if src is not None:  # this process, the server and every CLI run use the copy
        sys.path.insert(0, str(src))
        os.environ.update(_pythonpath(src))
    print(environment(src), flush=True)
    server = None
    try:
        db = base_database(base_recs, args.db, work)
        before = stored_ids(db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = work / "server.log"
        env = {**os.environ, "EVENTSIFT_TOKEN": TOKEN}
        with open(server_log, "wb") as log:
            server = subprocess.Popen([*eventsift_cmd(), "serve", "--db", db, "--port", str(port),
                                       "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL,
                                      stderr=log)
        if not wait_for_server(base, server):
            print("the server did not start:", server_log.read_text(errors="replace")[-2000:], file=sys.stderr)
            return 1
        events, docs, span = sample_events(base)
        # Warm: the first search waits for the server's first index catch-up.
        httpx.get(f"{base}/api/events", params={"q": "Homs", "limit": 1}, timeout=120)
        load_before = os.getloadavg()[0]

        stats, stop = Stats(), threading.Event()
        acknowledged: list[str] = []
        cli_done: list[str] = []
        cli_runs: list[float] = []
        qlock = threading.Lock()
        threads = [threading.Thread(target=reader, args=(k, base, stop, stats, events, docs, span))
                   for k in range(args.clients)]
        writers = [threading.Thread(target=api_writer, args=(base, stop, stats, api_pool, qlock, acknowledged))
                   for _ in range(args.api_writers)]
        if args.cli_batch > 0:
            writers.append(threading.Thread(target=cli_writer, args=(db, stop, stats, cli_pool, args.cli_batch,
                                                                     work, cli_done, cli_runs,
                                                                     work / "cli.log")))
        started = time.perf_counter()
        for t in threads + writers:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads:
            t.join()
        read_seconds = time.perf_counter() - started
        for t in writers:  # a write in flight is finished, not cut off: it must not be lost
            t.join()
        write_seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        after = stored_ids(db)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()

    locked = sum(line.count("database is locked") for line in
                 (work / "server.log").read_text(errors="replace").splitlines()
                 if "search index not refreshed" not in line)
    deferred = (work / "server.log").read_text(errors="replace").count("search index not refreshed")
    cli_log = (work / "cli.log").read_text(errors="replace") if (work / "cli.log").exists() else ""
    locked += cli_log.count("database is locked")
    new = after - before
    lost_api = [d for d in acknowledged if d not in after]
    lost_cli = [d for d in cli_done if d not in after]
    written = len(acknowledged) + len(cli_done)
    all_reads = [v for vs in stats.reads.values() for v in vs]
    n_errors = sum(stats.errors.values())

    print(f"\neventsift serve ({args.workers} process(es)) over {'PostgreSQL' if args.db else 'SQLite'}, "
          f"{len(before)} documents at the start; {args.clients} reading clients, {args.api_writers} API "
          f"writer(s), CLI writer {'on, ' + str(args.cli_batch) + ' documents a run' if args.cli_batch else 'off'}"
          f"; {args.seconds:.0f} s; {os.cpu_count()} CPUs, load average {load_before:.1f} before, "
          f"{load_after:.1f} after (other work on the machine slows every figure)")
    print(f"\nrequests made      {len(all_reads) + len(stats.writes) + n_errors} "
          f"({len(all_reads)} reads, {len(all_reads) / read_seconds:.0f}/s; {len(stats.writes)} writes)")
    print(f"errors             {n_errors}" + ("" if not n_errors else "  " + dict(stats.errors).__repr__()))
    for line in stats.examples:
        print(f"  {line}")
    print(f"'database is locked' in server or CLI logs: {locked}; search-index catch-ups deferred to a later "
          f"request: {deferred}")
    print(f"\nwrites submitted   API {len(acknowledged)} documents acknowledged; CLI {len(cli_done)} documents in "
          f"{len(cli_runs)} runs ({'median %.1f s a run' % statistics.median(cli_runs) if cli_runs else 'none'})")
    print(f"documents found    {len(after)} in the database = {len(before)} at the start + {len(new)} new; "
          f"written {written}; lost: {len(lost_api) + len(lost_cli)}"
          + (f" (API {lost_api[:5]}, CLI {lost_cli[:5]})" if lost_api or lost_cli else ""))
    print(f"ingested           {written / write_seconds:.1f} documents/s over {write_seconds:.1f} s "
          f"(API {len(acknowledged) / write_seconds:.1f}/s, CLI {len(cli_done) / write_seconds:.1f}/s)")
    print(f"\nread latency ms    {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for kind in sorted(stats.reads):
        vals = stats.reads[kind]
        print(f"  {kind:<16} {len(vals):>6} {ms(vals)} {max(vals) * 1000:8.1f}")
    if all_reads:
        print(f"  {'all':<16} {len(all_reads):>6} {ms(all_reads)} {max(all_reads) * 1000:8.1f}")
    print(f"write latency ms   POST /api/documents (one document: extract, store, link): n {len(stats.writes)}, "
          f"p50 {pct(stats.writes, 50) * 1000:.0f}, p95 {pct(stats.writes, 95) * 1000:.0f}, "
          f"max {max(stats.writes, default=float('nan')) * 1000:.0f}")
    ok = n_errors == 0 and not lost_api and not lost_cli and len(new) == written
    print(f"\n{'ok' if ok else 'FAILED'}: {n_errors} errors, {len(lost_api) + len(lost_cli)} lost writes")
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"logs and database kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
