"""Crash safety: `eventsift run` killed with SIGKILL at random points, rerun until it finishes.

Whenever the kill strikes, the database must keep each committed document once, hold nothing
half-written, pass its integrity checks, and in the end export exactly what an uninterrupted
run over the same corpus exports.

    .venv/bin/python -m pytest tests/test_crash.py -v -s     # -s prints the figures

Kill points come from a seeded generator; EVENTSIFT_CRASH_SEED=N replays another sequence, and
every failure names the seed it ran with. Kills are of four kinds:

- migration: at a random SQL statement of the first run's schema migration;
- start-up: after a random delay shorter than a clean run's time to its first document
  (imports, opening the database, skipping what is already stored);
- storing: once the run has committed a random number of documents, plus a random fraction
  of a clean run's time per document, so it lands anywhere in extracting, linking or committing;
- transaction: at a random SQL statement of a document's transaction, up to its COMMIT.

The statement-precise kills (migration, transaction) run the real command line under a small
wrapper that counts SQLAlchemy's statements and SIGKILLs its own process at the chosen one.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from eventsift.core import EventSift
from eventsift.store.database import normalise_url
from eventsift.store.schema import claims, decisions, deletions, documents, events, links

from conftest import pg_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "eventsift" / "demo" / "corpus"
SEED = int(os.environ.get("EVENTSIFT_CRASH_SEED", "7000"))
GENERATED = 70  # synthetic articles, beside the demo corpus's 14 documents of every kind
MIN_KILLS = {"sqlite": 20, "postgresql": 5}
PG_GENERATED = 30  # of the synthetic articles, for the PostgreSQL run
RUN_TIMEOUT = 180  # seconds for one run: generous, the test machine may be shared
POLL = 0.01
EXPORTS = ("acled", "geojson", "jsonl", "deletions")

# Runs `eventsift run` in this process and, when EVENTSIFT_TEST_KILL says so, SIGKILLs it just
# before a chosen SQL statement (a COMMIT counts as one):
#   statement:N   the N-th statement of the process
#   document:K,J  statement J of the K-th document's transaction (0: its INSERT INTO documents),
#                 or its COMMIT if it has fewer
# EVENTSIFT_TEST_LOG=FILE writes the head of every statement run to FILE at exit.
WRAPPER = r"""
import atexit, os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

mode, _, arg = os.environ.get("EVENTSIFT_TEST_KILL", "").partition(":")
target = tuple(int(x) for x in arg.split(",")) if arg else ()
heads, docs, into = [], 0, None

def before(head):
    global docs, into
    heads.append(head)
    if head == "INSERT INTO documents":
        docs, into = docs + 1, 0
    elif into is not None:
        into += 1
    if (mode == "statement" and len(heads) == target[0]) or (
            mode == "document" and docs == target[0] and (into == target[1] or head == "COMMIT")):
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(Engine, "before_cursor_execute",
             lambda conn, cur, statement, *rest: before(" ".join(statement.split()[:3])))
event.listen(Engine, "commit", lambda conn: before("COMMIT"))
if os.environ.get("EVENTSIFT_TEST_LOG"):
    def _log():
        with open(os.environ["EVENTSIFT_TEST_LOG"], "w", encoding="utf-8") as f:
            f.writelines(h + "\n" for h in heads)
    atexit.register(_log)

from eventsift.cli import app
app(prog_name="eventsift")
"""


# -- the corpus ---------------------------------------------------------------------------------

def _generate_module():
    spec = importlib.util.spec_from_file_location("eventsift_bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus_folder(tmp_path_factory) -> tuple[Path, Path]:
    """Synthetic articles and the demo corpus (text, HTML, a feed, a liveblog, JSON Lines) in one
    folder, with one metadata CSV for both."""
    root = tmp_path_factory.mktemp("crash-corpus")
    _generate_module().generate(root, GENERATED, seed=SEED)
    shutil.copytree(DEMO, root / "demo")
    demo_meta = root / "demo" / "articles" / "metadata.csv"
    with open(demo_meta, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    demo_meta.unlink()  # a run takes one metadata file: the demo's rows join the generated ones
    meta = root / "metadata.csv"
    with open(meta, "a", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "outlet", "title", "published", "language"])
        for r in rows:
            writer.writerow({**r, "file": f"demo/articles/{r['file']}"})
    return root, meta


# -- databases ----------------------------------------------------------------------------------

class Db:
    """A database under test, seen from outside the runs that write it."""

    def __init__(self, url: str):
        self.url = url
        self.backend = make_url(normalise_url(url)).get_backend_name()
        self.path = Path(make_url(url).database) if self.backend == "sqlite" else None
        self._engine = None

    def engine(self):
        if self._engine is None:
            self._engine = create_engine(normalise_url(self.url))
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def documents(self) -> int | None:
        """Documents committed so far; None while there is no documents table yet."""
        if self.backend == "sqlite":
            if not self.path.exists():
                return None
            # Read-only and opened afresh each time: the test must not checkpoint, hold or
            # recover the WAL in place of the runs it watches.
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
                try:
                    return con.execute("select count(*) from documents").fetchone()[0]
                finally:
                    con.close()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return None
                raise
        try:
            with self.engine().connect() as conn:
                return conn.scalar(text("select count(*) from documents"))
        except ProgrammingError:  # no such table
            return None


def _run(db: Db, corpus: tuple[list[Path], Path], *, wrapper_env: dict[str, str] | None = None,
         stderr=None) -> subprocess.Popen:
    paths, meta = corpus
    args = ["run", *map(str, paths), "--meta", str(meta), "--db", db.url, "-q"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if wrapper_env is None:
        cmd = [sys.executable, "-m", "eventsift", *args]
    else:
        cmd = [sys.executable, "-c", WRAPPER, *args]
        env.update(wrapper_env)
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr or subprocess.DEVNULL, env=env)


# -- the uninterrupted run ----------------------------------------------------------------------

@dataclass
class Clean:
    docs: int
    first_doc_s: float  # from process start to the first committed document
    per_doc_s: float
    total_s: float
    migration_statements: int  # the first run's statements up to and including the migration's COMMIT
    snapshot: dict[str, list[tuple]]
    exports: dict[str, str]


def clean_run(db: Db, corpus, tmp_path: Path) -> Clean:
    log, err = tmp_path / "clean-statements.log", tmp_path / "clean.err"
    with open(err, "wb") as stderr:
        start = time.monotonic()
        proc = _run(db, corpus, wrapper_env={"EVENTSIFT_TEST_LOG": str(log)}, stderr=stderr)
        first = None
        while first is None and proc.poll() is None:
            if (db.documents() or 0) > 0:
                first = time.monotonic() - start
            time.sleep(POLL)
        proc.wait()
        total = time.monotonic() - start
    assert proc.returncode == 0, f"the clean run failed:\n{err.read_text()[-3000:]}"
    docs = db.documents()
    heads = log.read_text(encoding="utf-8").splitlines()
    first = first or total
    return Clean(docs=docs, first_doc_s=first, per_doc_s=(total - first) / max(docs - 1, 1), total_s=total,
                 migration_statements=heads.index("COMMIT") + 1, snapshot=snapshot(db),
                 exports=exports(db))


# -- what a database holds ----------------------------------------------------------------------

# Columns that record when something happened: the only ones that differ between two runs.
# ingested_at, decided_at and the timestamps are the clock at writing; a JSON Lines record's
# `retrieved` is the clock at reading (the export's own time is unknown).
def _normalise_row(table: str, row: dict) -> dict:
    for name in {"documents": ("ingested_at",), "events": ("timestamp",), "links": ("decided_at",),
                 "deletions": ("timestamp",), "decisions": ("decided_at",)}.get(table, ()):
        row[name] = None
    if table == "documents" and row["kind"] == "jsonl":
        row["retrieved"] = None
    return row


def snapshot(db: Db) -> dict[str, list[tuple]]:
    """Every row a run writes, by table, in key order, less the clock columns."""
    out: dict[str, list[tuple]] = {}
    with db.engine().connect() as conn:
        for table in (documents, claims, events, links, deletions, decisions):
            rows = [_normalise_row(table.name, dict(r)) for r in conn.execute(select(table)).mappings()]
            out[table.name] = sorted((tuple(r.items()) for r in rows), key=repr)
        out["event_search"] = sorted(tuple(r) for r in conn.execute(text(
            "select r.event_id, s.body from event_search_rows r join event_search s on s.rowid = r.search_rowid"
            if db.backend == "sqlite" else "select event_id, body from event_search")))
    return out


_JSON_TIMESTAMP = re.compile(r'"timestamp": \d+')


def _normalise_export(fmt: str, body: str) -> str:
    """An export with its clock values blanked: an event's timestamp is when a run last changed
    it (ACLED's meaning), so two runs never agree on it."""
    if fmt in ("geojson", "jsonl"):
        return _JSON_TIMESTAMP.sub('"timestamp": null', body)
    rows = list(csv.reader(io.StringIO(body)))
    column = rows[0].index("timestamp" if fmt == "acled" else "deleted_timestamp")
    for r in rows[1:]:
        r[column] = ""
    if fmt == "deletions":  # listed by time of deletion, so runs that ticked differently order ties differently
        rows[1:] = sorted(rows[1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def exports(db: Db) -> dict[str, str]:
    out = {}
    with EventSift(db.url) as sift:
        for fmt in EXPORTS:
            buf = io.StringIO()
            sift.export(fmt, buf)
            out[fmt] = _normalise_export(fmt, buf.getvalue())
    return out


# Relations a half-written document would break; each query lists the offenders.
ORPHANS = {
    "document stored twice": "select id from documents group by id having count(*) > 1",
    "claim without its document":
        "select c.id from claims c left join documents d on d.id = c.doc_id where d.id is null",
    "claim in no event": "select id from claims where event_id is null",
    "claim pointing to a missing event":
        "select c.id from claims c left join events e on e.id = c.event_id "
        "where c.event_id is not null and e.id is null",
    "event without claims":
        "select e.id from events e where not exists (select 1 from claims c where c.event_id = e.id)",
    "claim without its link decision, or one naming another event":
        "select c.id from claims c left join links l on l.claim_id = c.id "
        "where l.claim_id is null or l.event_id <> c.event_id",
    "link decision without its claim":
        "select l.claim_id from links l left join claims c on c.id = l.claim_id where c.id is null",
    "deleted event still present": "select d.event_id from deletions d join events e on e.id = d.event_id",
}


def check_database(db: Db, clean: Clean, fail: Callable[[str], None]) -> None:
    if db.backend == "sqlite":
        # The last run ended normally, so it checkpointed and removed its write-ahead log: a log
        # still there means a connection was left open. Looked at before this test opens one.
        wal = db.path.with_name(db.path.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            fail(f"{wal.name} left behind with {wal.stat().st_size} bytes after a completed run")
    with db.engine().connect() as conn:
        for what, sql in ORPHANS.items():
            rows = conn.execute(text(sql)).scalars().all()
            if rows:
                fail(f"{what}: {len(rows)} rows, e.g. {rows[:5]}")
        per_doc = dict(conn.execute(text("select doc_id, count(*) from claims group by doc_id")).all())
    snap = snapshot(db)
    docs = [r[0][1] for r in snap["documents"]]  # (("id", value), ...)
    clean_docs = [r[0][1] for r in clean.snapshot["documents"]]
    if docs != clean_docs:
        fail(f"documents differ from the clean run's: missing {sorted(set(clean_docs) - set(docs))[:5]}, "
             f"extra {sorted(set(docs) - set(clean_docs))[:5]}, {len(docs)} rows for {len(set(docs))} ids")
    clean_per_doc: dict[str, int] = {}
    for r in clean.snapshot["claims"]:
        doc_id = dict(r)["doc_id"]
        clean_per_doc[doc_id] = clean_per_doc.get(doc_id, 0) + 1
    wrong = {d: (per_doc.get(d, 0), n) for d, n in clean_per_doc.items() if per_doc.get(d, 0) != n}
    wrong.update({d: (n, 0) for d, n in per_doc.items() if d not in clean_per_doc})
    if wrong:
        fail(f"claims per document (here, clean) differ for {len(wrong)} documents: {dict(list(wrong.items())[:5])}")
    for table, rows in clean.snapshot.items():
        if snap[table] != rows:
            ours, theirs = set(snap[table]), set(rows)
            fail(f"table {table} differs from the clean run's: {len(ours - theirs)} rows only here, "
                 f"{len(theirs - ours)} only there, e.g. {sorted(ours - theirs, key=repr)[:1]} "
                 f"vs {sorted(theirs - ours, key=repr)[:1]}")
    if db.backend == "sqlite":
        _check_sqlite(db, fail)
    else:
        _check_postgresql(db, fail)
    got = exports(db)
    for fmt in EXPORTS:
        if got[fmt] != clean.exports[fmt]:
            a, b = got[fmt].splitlines(), clean.exports[fmt].splitlines()
            i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            fail(f"{fmt} export differs from the clean run's at line {i + 1} "
                 f"({len(a)} lines vs {len(b)}):\n  here:  {a[i] if i < len(a) else '<end>'}"
                 f"\n  clean: {b[i] if i < len(b) else '<end>'}")


def _check_sqlite(db: Db, fail: Callable[[str], None]) -> None:
    # No waiting for locks (a lock still held is a failure), and no implicit transactions.
    con = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        if (r := con.execute("pragma integrity_check").fetchall()) != [("ok",)]:
            fail(f"integrity_check: {r[:5]}")
        if r := con.execute("pragma foreign_key_check").fetchall():
            fail(f"foreign_key_check: {r[:5]}")
        try:
            con.execute("insert into event_search(event_search) values ('integrity-check')")  # FTS5's own
            con.execute("begin immediate")  # the write lock is free
            con.rollback()
        except sqlite3.DatabaseError as exc:
            fail(f"search index or write lock: {exc}")
    finally:
        con.close()


def _check_postgresql(db: Db, fail: Callable[[str], None]) -> None:
    with db.engine().connect() as conn:
        if n := conn.scalar(text("select count(*) from pg_prepared_xacts")):
            fail(f"{n} prepared transactions left")
        left = conn.execute(text(
            "select pid, state from pg_stat_activity where datname = current_database() "
            "and pid <> pg_backend_pid() and state like 'idle in transaction%'")).all()
        if left:
            fail(f"sessions left in a transaction: {left}")
        locks = conn.execute(text(
            "select l.pid, l.mode, c.relname from pg_locks l join pg_class c on c.oid = l.relation "
            "where l.database = (select oid from pg_database where datname = current_database()) "
            "and l.pid <> pg_backend_pid()")).all()
        if locks:
            fail(f"locks still held: {locks[:5]}")


# -- the crashes --------------------------------------------------------------------------------

@dataclass
class Kill:
    kind: str  # migration | start-up | storing | transaction
    at: str  # when, in the kind's own terms
    before: int  # documents in the database when the run started
    after: int  # ... when it was killed

    @property
    def committed(self) -> int:
        return self.after - self.before


@dataclass
class Crashes:
    kills: list[Kill] = field(default_factory=list)
    completed_early: int = 0  # runs that finished before their kill point

    def mid_store(self, docs: int) -> int:
        """Kills that struck while the run was storing, before the last document of the corpus:
        once it had committed a document of its own, or inside a document's transaction."""
        return sum(1 for k in self.kills if (k.committed > 0 or k.kind == "transaction") and k.after < docs)

    def in_transaction(self, docs: int) -> int:
        return sum(1 for k in self.kills if k.kind == "transaction" and k.after < docs)

    def summary(self) -> str:
        return "; ".join(f"{k.kind}@{k.at}:{k.before}->{k.after}" for k in self.kills)


def crash_until_done(db: Db, corpus, clean: Clean, rng: random.Random, min_kills: int, tmp_path: Path,
                     crashes: Crashes, fail: Callable[[str], None]) -> None:
    # The first run dies in its migration; of the others, about a sixth at start-up, a third
    # inside a document's transaction, the rest on a timer while storing. In random order.
    others = min_kills - 1
    plan = (["start-up"] * max(1, round(others / 6)) + ["transaction"] * max(1, round(others / 3)))
    plan += ["storing"] * (others - len(plan))
    rng.shuffle(plan)
    plan.insert(0, "migration")
    while len(crashes.kills) < min_kills:
        before = db.documents() or 0
        remaining = clean.docs - before
        storing_left = sum(1 for k in plan[len(crashes.kills):] if k in ("storing", "transaction"))
        # Documents this run may commit before its kill: on average a share of the rest of the
        # corpus, one per storing kill still to make and one for the final run, so that the
        # kills spread over the whole corpus.
        ahead = rng.randint(1, max(1, min(remaining - 1, 2 * remaining // (storing_left + 1))))
        kind = plan[len(crashes.kills)] if remaining > 0 else "start-up"
        if kind == "migration":
            n = rng.randint(1, clean.migration_statements)
            at, env = f"statement {n}/{clean.migration_statements}", {"EVENTSIFT_TEST_KILL": f"statement:{n}"}
        else:
            env = None
            if kind == "start-up":
                delay = rng.uniform(0, clean.first_doc_s)
                at = f"{delay:.2f}s"
            elif kind == "storing":
                delay = rng.uniform(0, clean.per_doc_s)
                at = f"doc {ahead}+{delay:.3f}s"
            else:
                j = rng.randint(0, 60)
                at = f"doc {ahead} statement {j}"
                env = {"EVENTSIFT_TEST_KILL": f"document:{ahead},{j}"}
        err = tmp_path / f"run-{len(crashes.kills) + crashes.completed_early}.err"
        with open(err, "wb") as stderr:
            proc = _run(db, corpus, wrapper_env=env, stderr=stderr)
            deadline = time.monotonic() + RUN_TIMEOUT
            if kind == "start-up":
                time.sleep(delay)
            elif kind == "storing":
                while proc.poll() is None and (db.documents() or 0) < before + ahead:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(POLL)
                time.sleep(delay)
            if kind in ("start-up", "storing"):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                proc.wait()
            else:
                try:
                    proc.wait(timeout=RUN_TIMEOUT)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    fail(f"run timed out before its {kind} kill point {at}")
        if proc.returncode == -signal.SIGKILL:
            crashes.kills.append(Kill(kind, at, before, db.documents() or 0))  # None: killed mid-migration
        elif proc.returncode == 0:
            crashes.completed_early += 1
        else:
            fail(f"a run after {len(crashes.kills)} kills exited {proc.returncode}:\n{err.read_text()[-3000:]}")
    with open(tmp_path / "final.err", "wb") as stderr:
        proc = _run(db, corpus, stderr=stderr)
        try:
            proc.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            fail("the final run timed out")
    if proc.returncode != 0:
        fail(f"the final run exited {proc.returncode}:\n{(tmp_path / 'final.err').read_text()[-3000:]}")


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children: figures a shared machine skews less."""
    return tuple(sum(getattr(resource.getrusage(who), f) for f in ("ru_utime", "ru_stime"))
                 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def test_killed_runs_lose_nothing(db_url, corpus_folder, tmp_path, request):
    """SIGKILL `eventsift run` again and again; the rerun that completes leaves the same database and
    exports as one uninterrupted run."""
    started = time.monotonic()
    cpu_start = _cpu()
    db = Db(db_url)
    backend = db.backend
    rng = random.Random(f"{SEED}-{backend}")
    crashes = Crashes()

    def fail(message: str) -> None:
        pytest.fail(f"{message}\n(EVENTSIFT_CRASH_SEED={SEED}, {backend}; kills: {crashes.summary()})",
                    pytrace=False)

    with ExitStack() as stack:
        if backend == "sqlite":
            clean_url = f"sqlite:///{tmp_path}/clean.db"
        else:
            clean_url = stack.enter_context(pg_database(request.getfixturevalue("pg_server"), "eventsift_crash_clean"))
        clean_db = Db(clean_url)
        stack.callback(clean_db.close)
        stack.callback(db.close)
        # PostgreSQL runs are slower: a smaller share of the corpus keeps its fewer kills quick.
        folder, meta = corpus_folder
        paths = [folder] if backend == "sqlite" else [folder / "demo", *sorted(folder.glob("*.txt"))[:PG_GENERATED]]
        corpus = (paths, meta)
        clean = clean_run(clean_db, corpus, tmp_path)
        assert clean.docs > len(paths), f"the clean run stored {clean.docs} documents"
        crash_until_done(db, corpus, clean, rng, MIN_KILLS[backend], tmp_path, crashes, fail)
        check_database(db, clean, fail)
    mid, inside = crashes.mid_store(clean.docs), crashes.in_transaction(clean.docs)
    cpu = [now - then for now, then in zip(_cpu(), cpu_start)]
    kinds = ", ".join(f"{sum(1 for c in crashes.kills if c.kind == k)} {k}"
                      for k in ("migration", "start-up", "storing", "transaction"))
    print(f"\n{backend}, seed {SEED}: {len(crashes.kills)} kills over {clean.docs} documents ({kinds}); "
          f"{mid} struck mid-store (after the run's first commit or inside a transaction, before the "
          f"corpus was complete), {inside} inside a document's transaction; {crashes.completed_early} "
          f"runs finished before their kill point; clean run {clean.total_s:.1f}s (first document at "
          f"{clean.first_doc_s:.1f}s); test {time.monotonic() - started:.0f}s, CPU {cpu[1]:.0f}s in runs "
          f"and {cpu[0]:.0f}s in the test"
          f"\nkills: {crashes.summary()}")
    if mid < MIN_KILLS[backend] // 2:
        fail(f"only {mid} of {len(crashes.kills)} kills struck mid-store")
