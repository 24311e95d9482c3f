#!/usr/bin/env python3
"""Scale benchmarks: `eventsift run` serial vs --dask, SQLite vs PostgreSQL, cost vs input size.

    python benchmarks/bench_scale.py run --docs 1000 [--dask local:2] [--db sqlite|postgresql]
                                         [--time-limit 600] [--json FILE]
    python benchmarks/bench_scale.py store --docs 100000 [--sample 1000] [--db sqlite|postgresql]
                                           [--time-limit 600] [--json FILE]

run: generate (once, cached in benchmarks/.cache/scale-txt-nN-sS/) N ~600-word
articles with benchmarks/generate.py, then run the `eventsift run` command on
them in a child process against a fresh database, with --dask when given.
Prints documents/s, the peak memory of the whole process tree (the CLI plus,
with --dask, the scheduler and worker processes: RSS summed over the tree,
sampled every 0.25 s) and the time per document over the first and the last
1,000 documents (from a count of stored documents polled every 2 s). A run
still going at --time-limit is stopped and reported for the documents it
stored by then.

store: the write path alone (Store.add: one transaction per document, its
claims inserted and linked). Claims of --sample generated articles are
extracted once (cached), then replayed as --docs documents, each replica under
new ids and shifted later in time by the sample's span, so the linker's blocks
stay the same size while the database grows: the time per document at the end
against the start is the cost of the database's size alone.

PostgreSQL: EVENTSIFT_BENCH_PG=postgresql://... (a role that may create
databases), else a throwaway server from initdb/pg_ctl (Debian's
/usr/lib/postgresql/N/bin), run as the postgres user when root, with default
durability settings (fsync on, synchronous_commit on).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import platform
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def code_version(package_file: str) -> str:
    """The commit of the eventsift source tree benchmarked (a snapshot copied with .git works too)."""
    src = Path(package_file).resolve().parents[2]
    if (src / "REV").exists():  # a copy of the tree, frozen for a series of runs
        return f"{(src / 'REV').read_text().strip()} (snapshot with uncommitted changes) at {src}"
    try:
        rev = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--", "src"], capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        rev, dirty = "?", ""
    return f"{rev}{' + uncommitted changes' if dirty else ''} at {src}"


def corpus(n: int, seed: int = 1) -> tuple[Path, Path]:
    """(folder, metadata.csv) of n generated articles, generated once."""
    folder = CACHE / f"scale-txt-n{n}-s{seed}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        generate.generate(folder, n, seed, "txt")
        h = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]
        (folder / ".complete").write_text(f"generate.py {h}\n")
        print(f"# generated {n} articles in {time.perf_counter() - t:.0f}s: {folder}", file=sys.stderr)
    return folder, folder / "metadata.csv"


# -- PostgreSQL -------------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    if shutil.which("pg_ctl") and shutil.which("initdb"):
        return Path(shutil.which("pg_ctl")).parent
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parent.parent.name)
    return found[-1].parent if found else None


@contextmanager
def pg_server():
    """The URL of a PostgreSQL server (EVENTSIFT_BENCH_PG, or a throwaway one)."""
    if os.environ.get("EVENTSIFT_BENCH_PG"):
        yield os.environ["EVENTSIFT_BENCH_PG"]
        return
    bindir = _pg_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL: set EVENTSIFT_BENCH_PG or install postgresql (initdb, pg_ctl)")
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base = Path(tempfile.mkdtemp(prefix="eventsift-bench-pg-"))
    if prefix:
        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = prefix + [str(bindir / "pg_ctl"), "-D", str(base / "data")]
    try:
        subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(base / "data"), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
        subprocess.run(ctl + ["-l", str(base / "log"), "-w", "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1",
                              "start"], check=True, capture_output=True)
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(ctl + ["-m", "fast", "-w", "stop"], capture_output=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def fresh_pg_db(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from eventsift.store.database import normalise_url
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'drop database if exists "{name}" with (force)'))
        c.execute(text(f'create database "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@contextmanager
def database(kind: str, work: Path, name: str):
    """A fresh database URL of the kind, and a function counting its documents."""
    if kind == "sqlite":
        path = work / f"{name}.db"
        for s in ("", "-wal", "-shm"):
            Path(f"{path}{s}").unlink(missing_ok=True)

        def count() -> int:
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
                try:
                    return con.execute("select count(*) from documents").fetchone()[0]
                finally:
                    con.close()
            except sqlite3.Error:
                return 0
        yield f"sqlite:///{path}", count
        return
    with pg_server() as server:
        url = fresh_pg_db(server, f"bench_{name}")
        from sqlalchemy import create_engine, text

        from eventsift.store.database import normalise_url
        eng = create_engine(normalise_url(url))

        def count() -> int:
            try:
                with eng.connect() as c:
                    return c.execute(text("select count(*) from documents")).scalar()
            except Exception:  # noqa: BLE001 - tables not created yet
                return 0
        try:
            yield url, count
        finally:
            eng.dispose()


# -- run: the CLI in a child process ------------------------------------------------------------


def tree_rss(pid: int) -> int:
    import psutil
    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_cli(args) -> dict:
    folder, meta = corpus(args.docs, args.seed)
    work = Path(tempfile.mkdtemp(prefix="eventsift-bench-scale-"))
    exe = Path(sys.executable).with_name("eventsift")
    name = f"run_{args.docs}_{'dask' if args.dask else 'serial'}"
    try:
        with database(args.db, work, name) as (url, count):
            cmd = [str(exe), "run", str(folder), "--meta", str(meta), "--db", url, "-q"]
            if args.dask:
                cmd += ["--dask", args.dask]
            peak, samples, stop = [0], [], threading.Event()
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                    start_new_session=True)

            def watch() -> None:
                last = 0.0
                while not stop.is_set():
                    peak[0] = max(peak[0], tree_rss(proc.pid))
                    now = time.perf_counter() - t0
                    if now - last >= 2:
                        samples.append((now, count()))
                        last = now
                    stop.wait(0.25)
            th = threading.Thread(target=watch, daemon=True)
            th.start()
            timed_out = False
            try:
                _, err = proc.communicate(timeout=args.time_limit)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    _, err = proc.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    _, err = proc.communicate()
            seconds = time.perf_counter() - t0
            stop.set()
            th.join()
            docs = count()
            samples.append((seconds, docs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    first = _time_per_doc(samples, 0, 1000)
    last = _time_per_doc(samples, max(0, docs - 1000), docs)
    out = {"cmd": " ".join(cmd), "docs_in_corpus": args.docs, "docs_stored": docs, "seconds": round(seconds, 1),
           "docs_per_s": round(docs / seconds, 2), "peak_rss_mb": round(peak[0] / 2**20),
           "ms_per_doc_first_1k": first, "ms_per_doc_last_1k": last, "timed_out": timed_out,
           "exit": None if timed_out else proc.returncode, "stderr_tail": (err or "").strip().splitlines()[-1:]}
    return out


def _time_per_doc(samples: list[tuple[float, int]], lo: int, hi: int) -> float | None:
    """ms per document while the stored count went from lo to hi (lo 0: from the first document)."""
    def when(n: int) -> float | None:
        prev = (0.0, 0)
        for t, c in samples:
            if c >= n:
                return t if c == prev[1] else prev[0] + (t - prev[0]) * (n - prev[1]) / (c - prev[1])
            prev = (t, c)
        return None
    lo = max(lo, 1)
    a, b = when(lo), when(hi)
    if a is None or b is None or hi <= lo:
        return None
    return round(1000 * (b - a) / (hi - lo), 1)


# -- store: the write path alone ------------------------------------------------------------------


def sample_claims(n: int, seed: int):
    """[(Document, [Claim])] of the first n generated articles, extracted once and cached."""
    path = CACHE / f"scale-claims-n{n}-s{seed}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from eventsift.extract import extract_claims
    from eventsift.ingest import read_paths
    from eventsift.model import Document
    folder, meta = corpus(n, seed)
    t = time.perf_counter()
    pairs = [(d, extract_claims(d)) for d in read_paths([folder], meta) if isinstance(d, Document)]
    print(f"# extracted {len(pairs)} documents in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    path.write_bytes(pickle.dumps(pairs, protocol=5))
    return pairs


def _shift(doc, claims, k: int, days: int):
    """The k-th replica of a document and its claims: new ids, k × days later."""
    if k == 0:
        return doc, claims
    delta = dt.timedelta(days=k * days)

    def field(f, value):
        return dataclasses.replace(f, value=value)

    d = dataclasses.replace(doc, id=f"r{k}-{doc.id}", published=doc.published + delta if doc.published else None,
                            segments=[dataclasses.replace(s, time=s.time + delta if s.time else None)
                                      for s in doc.segments])
    out = []
    for c in claims:
        v = c.date.value
        out.append(dataclasses.replace(c, id=f"r{k}-{c.id}", doc_id=d.id, date=field(c.date, dataclasses.replace(
            v, date=v.date + delta, low=v.low + delta, high=v.high + delta))))
    return d, out


def run_store(args) -> dict:
    from eventsift.store import Store
    pairs = sample_claims(args.sample, args.seed)
    dates = [c.date.value.date for _, cs in pairs for c in cs]
    days = (max(dates) - min(dates)).days + 30
    work = Path(tempfile.mkdtemp(prefix="eventsift-bench-store-"))
    windows: list[tuple[int, float]] = []
    try:
        with database(args.db, work, f"store_{args.docs}") as (url, _count):
            store = Store(url)
            t0 = time.perf_counter()
            tw = t0
            n = claims = 0
            timed_out = False
            while n < args.docs:
                k, i = divmod(n, len(pairs))
                doc, cs = _shift(*pairs[i], k, days)
                store.add(doc, cs)
                n += 1
                claims += len(cs)
                if n % 1000 == 0:
                    now = time.perf_counter()
                    windows.append((n, round(1000 * (now - tw) / 1000, 2)))
                    tw = now
                    if now - t0 > args.time_limit:
                        timed_out = True
                        break
            seconds = time.perf_counter() - t0
            counts = store.counts()
            store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"db": args.db, "docs": n, "claims": claims, "seconds": round(seconds, 1),
            "docs_per_s": round(n / seconds, 1), "claims_per_s": round(claims / seconds),
            "ms_per_doc_first_1k": windows[0][1] if windows else None,
            "ms_per_doc_last_1k": windows[-1][1] if windows else None,
            "windows_ms_per_doc": windows[:: max(1, len(windows) // 20)], "timed_out": timed_out,
            "counts": counts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    for name in ("run", "store"):
        p = sub.add_parser(name)
        p.add_argument("--docs", type=int, default=1000)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
        p.add_argument("--time-limit", type=float, default=600, help="seconds (default 600)")
        p.add_argument("--json", metavar="FILE", help="append the result as a JSON line")
        if name == "run":
            p.add_argument("--dask", help="local, local:N or tcp://...")
        else:
            p.add_argument("--sample", type=int, default=1000, help="articles whose claims are replayed")
    args = ap.parse_args(argv)
    load0 = os.getloadavg()[0]
    result = run_cli(args) if args.what == "run" else run_store(args)
    # Other processes on the machine skew every figure: the 1-minute load before and after says how much.
    import eventsift
    result = {"bench": args.what, "machine": machine(), "code": code_version(eventsift.__file__), **result,
              "load_before_after": [round(load0, 1), round(os.getloadavg()[0], 1)]}
    print(json.dumps(result, indent=1))
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
