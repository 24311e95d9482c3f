#!/usr/bin/env python3
"""Throughput benchmark of `eventsift run`, and a profile of where its time goes.

    python benchmarks/bench_run.py [--docs 10000] [--seed 1] [--format txt|jsonl] [--keep]
    python benchmarks/bench_run.py --profile [--profile-docs 500] [--top 25] [--stages-only]

Default mode: generate (or reuse from benchmarks/.cache/) a synthetic corpus of
--docs articles (benchmarks/generate.py), run the `eventsift run` command on it
in a subprocess against a fresh SQLite file in a temporary folder, and print
documents, seconds, documents/s, documents per CPU-second, claims, events, the
child's peak memory (max RSS from wait4) and the database size. A one-document
run is timed first to show the fixed start-up cost (imports, gazetteer,
migrations). Stored documents are counted every --poll seconds while the child
runs, which gives the rate per tenth of the corpus as the database grows.

--profile: run the pipeline in this process through the library
(`EventSift(db).run([folder], meta)`) on a smaller corpus:
  1. with light wrappers around the pipeline's stages (ingest, extraction
     stages, store, linking) and a SQL listener: inclusive seconds per stage,
     the SQL statements issued with counts per document and per claim, and the
     same per tenth of the corpus;
  2. under cProfile: the top functions by cumulative and by total (self) time,
     the callers of the costliest, and self time summed per module / library;
  3. in fresh subprocesses, the start-up costs: importing the package,
     loading the gazetteer from its disk cache and building it from scratch.
--stages-only stops after 1.

The package is edited while benchmarks run: by default each run uses a copy of
src/eventsift taken at its start (--src DIR to share one copy between runs,
--live to use src/ as it is), and the header names the commit and a hash of
the tree measured. See benchmarks/README.md for results.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402  (benchmarks/generate.py)

CACHE = HERE / ".cache"


# ---------------------------------------------------------------------------------------------
# Corpus


def corpus(n: int, seed: int, fmt: str = "txt", per_day: int = 20, quiet: bool = False) -> tuple[Path, Path | None]:
    """(path to give `eventsift run`, metadata CSV or None), generated once and cached.

    The cache key holds n, seed, format, rate and a hash of generate.py, so editing the
    generator makes a new corpus.
    """
    h = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]
    folder = CACHE / f"corpus-{fmt}-n{n}-s{seed}-d{per_day}-{h}"
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        t = time.perf_counter()
        generate.generate(folder, n, seed, fmt, per_day)
        done.write_text("ok\n")
        if not quiet:
            print(f"generated {n} documents in {time.perf_counter() - t:.1f}s: {folder}", file=sys.stderr)
    elif not quiet:
        print(f"reusing corpus {folder}", file=sys.stderr)
    if fmt == "jsonl":
        return folder / "corpus.jsonl", None
    return folder, folder / "metadata.csv"


def corpus_stats(path: Path) -> tuple[int, int]:
    """(bytes, words) of the documents' text."""
    size = words = 0
    files = [path] if path.is_file() else sorted(path.glob("*.txt"))
    for f in files:
        b = f.read_bytes()
        size += len(b)
        words += len(b.split())
    return size, words


# ---------------------------------------------------------------------------------------------
# The subprocess run


def eventsift_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "eventsift"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("eventsift")
    if found:
        return [found]
    return [sys.executable, "-m", "eventsift"]


def db_counts(db_file: Path) -> dict[str, int]:
    con = sqlite3.connect(db_file)
    try:
        out = {}
        for t in ("documents", "claims", "events", "links"):
            out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return out
    finally:
        con.close()


def _stored_documents(db_file: Path) -> int | None:
    """Documents committed so far (WAL mode: reading does not block the writer)."""
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=0.5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None


def run_cli(path: Path, meta: Path | None, workdir: Path, name: str = "bench",
            env: dict | None = None, poll: float = 0.0) -> dict:
    """Run `eventsift run` in a child process; wall time, peak RSS, exit status, counts."""
    db_file = workdir / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    cmd = eventsift_cmd() + ["run", str(path), "--db", f"sqlite:///{db_file}", "-q"]
    if meta is not None:
        cmd += ["--meta", str(meta)]
    err_file = workdir / f"{name}.stderr"
    with open(err_file, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=workdir,
                                env={**os.environ, **(env or {})})
        samples = [(0.0, 0)]  # (seconds, documents stored): the rate as the database grows
        next_poll = poll
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)  # this child's own rusage
            if pid:
                break
            time.sleep(0.05)
            now = time.perf_counter() - t0
            if poll and now >= next_poll:
                next_poll += poll
                n = _stored_documents(db_file)
                if n is not None:
                    samples.append((now, n))
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if poll:
            final = _stored_documents(db_file)
            if final is not None:
                samples.append((seconds, final))
    size = sum(Path(f"{db_file}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_file}{s}").exists())
    stderr = err_file.read_text("utf-8", "replace").strip().splitlines()
    return {"cmd": cmd, "seconds": seconds, "rc": proc.returncode,
            "max_rss_mb": rusage.ru_maxrss / 1024,  # KiB on Linux
            "user_s": rusage.ru_utime, "sys_s": rusage.ru_stime,
            "db_mb": size / 2**20, "stderr": stderr, "samples": samples, **db_counts(db_file)}


def rate_curve(samples: list[tuple[float, int]], total: int, parts: int = 10) -> list[list]:
    """Documents/s within each tenth of the corpus, from the polled counts."""
    rows = []
    marks = [round(total * k / parts) for k in range(parts + 1)]
    def time_at(n: int) -> float | None:  # linear interpolation between samples
        for (t0, n0), (t1, n1) in zip(samples, samples[1:]):
            if n0 <= n <= n1 and n1 > n0:
                return t0 + (t1 - t0) * (n - n0) / (n1 - n0)
        return None
    for a, b in zip(marks, marks[1:]):
        ta, tb = time_at(a), time_at(b)
        if ta is not None and tb is not None and tb > ta:
            rows.append([f"{a}-{b}", f"{(b - a) / (tb - ta):.1f}", f"{1000 * (tb - ta) / (b - a):.0f}"])
    return rows


def fmt_table(rows: list[list], header: list[str]) -> str:
    cells = [[str(c) for c in r] for r in [header] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for k, r in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def snapshot_src(work: Path) -> Path:
    """Copy src/eventsift into work/src, for PYTHONPATH: the package is edited while we run,
    and a long run must measure one version of it, the one named by tree_hash()."""
    dest = work / "src"
    shutil.copytree(ROOT / "src" / "eventsift", dest / "eventsift",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def tree_hash(src: Path) -> str:
    """A hash of the package's Python files and data: which version of the code was measured."""
    h = hashlib.sha256()
    for f in sorted((src / "eventsift").rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(src)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:12]


def environment(src: Path | None = None) -> str:
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                               capture_output=True, text=True).stdout.strip()
        rev += " (src modified)" if dirty else ""
    except OSError:
        rev = "?"
    tree = f", package tree {tree_hash(src)}" if src is not None else ""
    return (f"python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}, "
            f"eventsift at {rev}{tree}")


def _pythonpath(src: Path) -> dict:
    return {"PYTHONPATH": os.pathsep.join(x for x in (str(src), os.environ.get("PYTHONPATH")) if x)}


def bench(args: argparse.Namespace) -> int:
    path, meta = corpus(args.docs, args.seed, args.format, args.per_day)
    size, words = corpus_stats(path)
    work = Path(tempfile.mkdtemp(prefix="eventsift-bench-"))
    env = {}
    src = None
    if args.src:
        src = Path(args.src).resolve()
        env.update(_pythonpath(src))
    elif not args.live:
        src = snapshot_src(work)
        env.update(_pythonpath(src))
    env_line = environment(src or ROOT / "src")
    if args.cold_gazetteer:
        env["EVENTSIFT_CACHE_DIR"] = str(work / "gazetteer-cache")
    rows = []
    try:
        if not args.no_startup:
            one, one_meta = corpus(1, args.seed, args.format, args.per_day, quiet=True)
            r1 = run_cli(one, one_meta, work, "startup", env)
            rows.append(["start-up (1 doc)", r1])
            if args.cold_gazetteer:  # the first run built the cache: the main run starts cold again
                shutil.rmtree(work / "gazetteer-cache", ignore_errors=True)
        r = run_cli(path, meta, work, "bench", env, poll=args.poll)
        rows.append([f"{args.docs} docs", r])
        table = []
        for label, x in rows:
            n = x["documents"]
            cpu = x["user_s"] + x["sys_s"]
            table.append([label, n, f"{x['seconds']:.1f}", f"{n / x['seconds']:.1f}", f"{n / cpu:.1f}",
                          x["claims"], x["events"],
                          f"{x['claims'] / max(n, 1):.1f}", f"{x['max_rss_mb']:.0f}", f"{x['db_mb']:.0f}",
                          f"{x['user_s']:.0f}+{x['sys_s']:.0f}", x["rc"]])
        print(f"# eventsift run benchmark: {env_line}")
        print(f"# corpus: {path} ({args.format}, seed {args.seed}, {size / 2**20:.1f} MiB, "
              f"{words / max(args.docs, 1):.0f} words/doc)")
        print("# command: " + " ".join(rows[-1][1]["cmd"]))
        print(fmt_table(table, ["run", "documents", "seconds", "docs/s", "docs/cpu-s", "claims", "events", "claims/doc",
                                "peak MB", "db MB", "cpu user+sys s", "exit"]))
        if len(rows) == 2:
            a, b = rows[0][1], rows[1][1]
            steady = (b["documents"] - a["documents"]) / max(b["seconds"] - a["seconds"], 1e-9)
            cpu_a, cpu_b = a["user_s"] + a["sys_s"], b["user_s"] + b["sys_s"]
            steady_cpu = (b["documents"] - a["documents"]) / max(cpu_b - cpu_a, 1e-9)
            print(f"# steady state (minus the start-up run): {steady:.1f} docs/s wall, {steady_cpu:.1f} docs/cpu-s")
        load = os.getloadavg()
        print(f"# load average after the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
              f"(on {os.cpu_count()} CPUs; wall time suffers when other work shares them, CPU time much less)")
        curve = rate_curve(r["samples"], r["documents"]) if args.poll else []
        if curve:
            print("# rate as the database grows (stored documents counted every "
                  f"{args.poll:g}s, interpolated):")
            print(fmt_table(curve, ["documents", "docs/s", "ms/doc"]))
        if r["stderr"]:
            print(f"# stderr ({len(r['stderr'])} lines), last: {r['stderr'][-1]}")
        if args.json:
            Path(args.json).write_text(json.dumps({"env": env_line, "docs": args.docs, "seed": args.seed,
                                                   "format": args.format,
                                                   "runs": {k: {kk: vv for kk, vv in v.items()
                                                                if kk not in ("stderr", "samples")}
                                                            for k, v in rows}}, indent=2))
    finally:
        if args.keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if r["rc"] in (0,) else 1


# ---------------------------------------------------------------------------------------------
# Profile


class StageTimer:
    """Wraps module attributes with inclusive timers; undone by restore()."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.bucket = 0  # which tenth of the corpus is being processed
        self.by_bucket: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        self.calls_by_bucket: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner, attr: str, label: str) -> None:
        fn = getattr(owner, attr)
        total, calls, clock, me = self.total, self.calls, time.perf_counter, self
        bb, cb = self.by_bucket[label], self.calls_by_bucket[label]

        def timed(*a, **kw):
            t = clock()
            try:
                return fn(*a, **kw)
            finally:
                d = clock() - t
                total[label] += d
                calls[label] += 1
                bb[me.bucket] += d
                cb[me.bucket] += 1

        self._undo.append((owner, attr, fn))
        setattr(owner, attr, timed)

    def wrap_iter(self, owner, attr: str, label: str) -> None:
        """A function returning an iterator: time each next() (ingest is lazy)."""
        fn = getattr(owner, attr)
        total, calls, clock = self.total, self.calls, time.perf_counter

        def timed(*a, **kw):
            it = iter(fn(*a, **kw))
            while True:
                t = clock()
                try:
                    item = next(it)
                except StopIteration:
                    total[label] += clock() - t
                    return
                total[label] += clock() - t
                calls[label] += 1
                yield item

        self._undo.append((owner, attr, fn))
        setattr(owner, attr, timed)

    def restore(self) -> None:
        for owner, attr, fn in reversed(self._undo):
            setattr(owner, attr, fn)
        self._undo.clear()


class SqlCounter:
    """Counts and times the SQL statements an engine runs, by statement shape."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event
        self.engine = engine
        self.stats: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
        self.bucket = 0
        self.by_bucket: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
        self._t: list[float] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    @staticmethod
    def shape(sql: str) -> str:
        s = " ".join(sql.split())
        head = s.split(" ")[0].upper()
        if head == "SELECT":
            frm = s.upper().find(" FROM ")
            where = s.upper().find(" WHERE ")
            tail = s[frm + 1: where if where > 0 else None] if frm > 0 else s[:60]
            cond = s[where + 1: where + 80] + ("…" if len(s) > where + 80 else "") if where > 0 else ""
            return f"SELECT … {tail} {cond}".strip()
        if head in ("INSERT", "UPDATE", "DELETE"):
            return " ".join(s.split(" ")[:3]) + (" …" if head == "UPDATE" else "") + (
                " " + s[s.upper().find(" WHERE "):][:60] if " WHERE " in s.upper() else "")
        return s[:70]

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._t.append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        dt_ = time.perf_counter() - self._t.pop()
        shape = self.shape(statement)
        for st in (self.stats[shape], self.by_bucket[shape][self.bucket]):
            st[0] += 1
            st[1] += dt_

    def stop(self) -> None:
        from sqlalchemy import event
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def _stage_run(path: Path, meta: Path | None, work: Path,
               n_docs: int) -> tuple[dict, StageTimer, SqlCounter, float, list[float]]:
    """One in-process run with stage wrappers and the SQL counter."""
    from eventsift import EventSift

    st = StageTimer()
    # (module, attribute, label). The package is under active development: a target that is
    # not there any more is skipped and listed, rather than failing the profile.
    targets = [
        ("eventsift.core", "read_paths", "ingest: read_paths (next item)", "iter"),
        ("eventsift.core", "extract_claims", "extract: extract_claims (all)", None),
        ("eventsift.extract.claims", "_doc_context", "extract: _doc_context (document country/city)", None),
        ("eventsift.extract.claims", "_sentence_claims", "extract: _sentence_claims (per sentence, all)", None),
        ("eventsift.extract.claims", "_make_claim", "extract:   _make_claim", None),
        ("eventsift.extract.claims", "_groups", "extract:   _groups (clauses + triggers)", None),
        ("eventsift.extract.places:Gazetteer", "find", "extract:   places: Gazetteer.find", None),
        ("eventsift.extract.places:Gazetteer", "resolve", "extract:   places: Gazetteer.resolve", None),
        ("eventsift.extract.dates", "find_times", "extract:   dates: find_times", None),
        ("eventsift.extract.types", "find_triggers", "extract:   types: find_triggers", None),
        ("eventsift.extract.types", "classify", "extract:   types: classify", None),
        ("eventsift.extract.actors", "find_actors", "extract:   actors: find_actors", None),
        ("eventsift.extract.fatalities", "find_tolls", "extract:   fatalities: find_tolls", None),
        ("eventsift.extract.attribution", "find_sources", "extract:   attribution: find_sources", None),
        ("eventsift.extract.attribution", "find_hedges", "extract:   attribution: find_hedges", None),
        ("eventsift.extract.claims", "sentences", "extract:   sentences: sentences", None),
        ("eventsift.extract.claims", "paragraphs", "extract:   sentences: paragraphs", None),
        ("eventsift.extract.claims", "clauses", "extract:   sentences: clauses", None),
        ("eventsift.store.database:Store", "stored_hash", "store: stored_hash (pre-check)", None),
        ("eventsift.store.database:Store", "add", "store: Store.add (all, one transaction)", None),
        ("eventsift.store.database", "claim_row", "store:   claim_row (row + JSON)", None),
        # linking: the old one-claim-at-a-time path, and the current store/linking.py
        ("eventsift.store.database", "_link_claim", "store:   link (all)", None),
        ("eventsift.store.database", "link_claims", "store:   link (all)", None),
        ("eventsift.store.linking", "_block", "store:     linking._block (block SELECT)", None),
        ("eventsift.store.linking", "_link_one", "store:     linking._link_one (per claim)", None),
        ("eventsift.store.linking", "refresh_event", "store:     linking.refresh_event", None),
        ("eventsift.store.linking", "absorb", "store:     linking.absorb (event merges)", None),
        ("eventsift.link", "score", "store:     link.score", None),
        ("eventsift.link", "consistent", "store:     link.consistent", None),
        ("eventsift.link", "build_event", "store:     link.build_event", None),
    ]
    import importlib
    missing = []
    for where, attr, label, how in targets:
        mod, _, cls = where.partition(":")
        try:
            owner = importlib.import_module(mod)
            owner = getattr(owner, cls) if cls else owner
            getattr(owner, attr)
        except (ImportError, AttributeError):
            missing.append(f"{where}.{attr}")
            continue
        (st.wrap_iter if how == "iter" else st.wrap)(owner, attr, label)
    st.missing = missing
    db = f"sqlite:///{work / 'stages.db'}"
    try:
        t = time.perf_counter()
        sift = EventSift(db)
        st.total["store: open + migrate"] += time.perf_counter() - t
        sql = SqlCounter(sift.store.engine)
        marks = [0.0] * 11  # seconds at which each tenth of the corpus was done
        done = [0]
        t = time.perf_counter()

        def on_item(_source: str) -> None:
            done[0] += 1
            b = min(9, done[0] * 10 // max(n_docs, 1))
            if b != st.bucket:
                marks[b] = time.perf_counter() - t
            st.bucket = sql.bucket = b

        with sift:
            rep = sift.run([path], meta, on_item=on_item)
        wall = time.perf_counter() - t
        marks[10] = wall
        sql.stop()
    finally:
        st.restore()
    counts = db_counts(work / "stages.db")
    counts["errors"] = len(rep.errors)
    return counts, st, sql, wall, marks


def _startup_costs(env: dict) -> list[tuple[str, float]]:
    """Seconds, each in a fresh interpreter: import, gazetteer warm, gazetteer cold."""
    snippets = [
        ("python -c pass (interpreter)", "pass"),
        ("import eventsift.core (+ sqlalchemy, trafilatura ...)", "import eventsift.core"),
        ("Gazetteer.default() from disk cache",
         "import eventsift.core\nfrom eventsift.extract.places import Gazetteer\nt=time.perf_counter()\n"
         "Gazetteer.default()\nprint(time.perf_counter()-t)"),
        ("Gazetteer.default() built from places.tsv + GeoNames (cold)",
         "import eventsift.core\nfrom eventsift.extract.places import Gazetteer\nt=time.perf_counter()\n"
         "Gazetteer.default()\nprint(time.perf_counter()-t)"),
        ("the CLI: eventsift --help", None),
    ]
    out = []
    cold_dir = tempfile.mkdtemp(prefix="eventsift-gazcache-")
    try:
        for label, code in snippets:
            e = {**os.environ, **env}
            if "cold" in label:
                e["EVENTSIFT_CACHE_DIR"] = cold_dir
            if code is None:
                cmd = eventsift_cmd() + ["--help"]
            else:
                cmd = [sys.executable, "-c", "import time\n" + code]
            t = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True, env=e)
            wall = time.perf_counter() - t
            inner = p.stdout.strip().splitlines()[-1] if code and "print" in code and p.stdout.strip() else None
            out.append((label, float(inner) if inner else wall))
    finally:
        shutil.rmtree(cold_dir, ignore_errors=True)
    return out


def _module_of(filename: str) -> str:
    f = filename.replace("\\", "/")
    if "/eventsift/" in f:
        return "eventsift/" + f.split("/eventsift/", 1)[1]
    if "site-packages/" in f:
        return f.split("site-packages/", 1)[1].split("/", 1)[0]
    if f.startswith("~") or f.startswith("<"):
        return "builtins (C: re, sqlite3, json ...)"
    return "stdlib/" + Path(f).name


def profile(args: argparse.Namespace) -> int:
    n = args.profile_docs
    path, meta = corpus(n, args.seed, args.format, args.per_day)
    work = Path(tempfile.mkdtemp(prefix="eventsift-profile-"))
    env = {}
    src = ROOT / "src"
    if args.src or not args.live:
        if "eventsift" in sys.modules:
            raise RuntimeError("eventsift already imported: cannot profile a snapshot")
        src = Path(args.src).resolve() if args.src else snapshot_src(work)
        sys.path.insert(0, str(src))
        env.update(_pythonpath(src))
    print(f"# eventsift profile: {environment(src)}")
    print(f"# corpus: {path} ({n} docs, {args.format}, seed {args.seed})")
    try:
        import eventsift
        from eventsift import EventSift
        from eventsift.extract.places import Gazetteer
        print(f"# package imported from {Path(eventsift.__file__).parent}")

        t = time.perf_counter()
        Gazetteer.default()  # loaded once per process; timed here, not in the runs below
        gaz_s = time.perf_counter() - t

        # 1. stages
        counts, st, sql, wall, marks = _stage_run(path, meta, work, n)
        docs, ncl = counts["documents"], counts["claims"]
        print(f"\n## Stages (in-process, inclusive; gazetteer preloaded in {gaz_s:.2f}s)\n")
        print(f"{docs} documents, {ncl} claims, {counts['events']} events, {counts['errors']} errors "
              f"in {wall:.2f}s = {docs / wall:.1f} docs/s\n")
        rows = []
        for label, secs in sorted(st.total.items(), key=lambda kv: kv[0].split(":")[0] + f"{-kv[1]:012.4f}"):
            rows.append([label, f"{secs:.2f}", f"{100 * secs / wall:.1f}%", st.calls[label],
                         f"{1000 * secs / max(docs, 1):.1f}"])
        order = {"ingest": 0, "extract": 1, "store": 2}
        rows.sort(key=lambda r: (order.get(r[0].split(":")[0], 3), -float(r[1])))
        print(fmt_table(rows, ["stage (indented = inside the line above)", "seconds", "% of run", "calls",
                               "ms/doc"]))
        if st.missing:
            print(f"(not in this version of the package, not timed: {', '.join(st.missing)})")
        tot_n = sum(v[0] for v in sql.stats.values())
        tot_s = sum(v[1] for v in sql.stats.values())
        print(f"\n## SQL statements ({tot_n} executed, {tot_n / max(docs, 1):.1f}/doc, "
              f"{tot_n / max(ncl, 1):.1f}/claim; {tot_s:.2f}s = {100 * tot_s / wall:.1f}% of run "
              f"in the driver, excluding SQLAlchemy's own Python)\n")
        srows = [[shape[:110], c, f"{c / max(docs, 1):.2f}", f"{c / max(ncl, 1):.2f}", f"{s:.2f}",
                  f"{100 * s / wall:.1f}%"] for shape, (c, s) in
                 sorted(sql.stats.items(), key=lambda kv: -kv[1][1])[:15]]
        print(fmt_table(srows, ["statement", "count", "/doc", "/claim", "seconds", "% of run"]))

        # 1b. the same, tenth by tenth: what grows with the database
        selects = [k for k in sql.stats if k.startswith("SELECT")]
        slow = max(selects, key=lambda k: sql.stats[k][1]) if selects else None
        grow = []
        for b in range(10):
            secs = marks[b + 1] - marks[b]
            lo, hi = b * n // 10, (b + 1) * n // 10
            nd = max(hi - lo, 1)
            ncl_b = st.calls_by_bucket["store:   claim_row (row + JSON)"].get(b, 0) or 1
            per_claim = lambda label: f"{1000 * st.by_bucket[label].get(b, 0) / ncl_b:.2f}"  # noqa: E731
            grow.append([f"{lo}-{hi}", f"{1000 * secs / nd:.1f}",
                         f"{1000 * st.by_bucket['extract: extract_claims (all)'].get(b, 0) / nd:.1f}",
                         f"{1000 * st.by_bucket['store: Store.add (all, one transaction)'].get(b, 0) / nd:.1f}",
                         per_claim("store:   link (all)"),
                         f"{1000 * sql.by_bucket[slow][b][1] / ncl_b:.2f}" if slow else "-",
                         f"{st.calls_by_bucket['store:     link.score'].get(b, 0) / ncl_b:.0f}"])
        print("\n## As the database grows (per tenth of the corpus)\n")
        print(fmt_table(grow, ["documents", "ms/doc", "extract ms/doc", "Store.add ms/doc", "linking ms/claim",
                               "top SELECT ms/claim*", "candidates scored/claim"]))
        if slow:
            print(f"* top SELECT = the statement with the most driver time: {slow[:100]}")
        if args.stages_only:
            return 0

        # 2. cProfile
        pr = cProfile.Profile()
        db = f"sqlite:///{work / 'profile.db'}"
        t = time.perf_counter()
        pr.enable()
        with EventSift(db) as sift:
            sift.run([path], meta)
        pr.disable()
        pwall = time.perf_counter() - t
        stats = pstats.Stats(pr)
        total = stats.total_tt
        print(f"\n## cProfile ({n} docs, {pwall:.1f}s under the profiler, {total:.1f}s profiled)")
        for key, title in (("cumulative", "cumulative time"), ("tottime", "total (self) time")):
            buf = io.StringIO()
            pstats.Stats(pr, stream=buf).strip_dirs().sort_stats(key).print_stats(args.top)
            text = buf.getvalue()
            body = text[text.find("   ncalls"):] if "   ncalls" in text else text
            print(f"\n### top {args.top} by {title}\n")
            print(body.rstrip())
        # Who calls the costliest functions: the same function is often cheap from one caller
        # and expensive from another (a per-document pass versus a per-sentence one).
        print(f"\n### callers of the {args.callers} functions with the most self time\n")
        top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:args.callers]
        crow = []
        for (fname, line, func), (_cc, nc, tt, ct, callers) in top:
            crow.append([f"{Path(fname).name}:{line}({func})", nc, f"{tt:.2f}", f"{ct:.2f}", "", ""])
            for (cf, cl, cfn), (_c1, cnc, ctt, cct) in sorted(callers.items(), key=lambda kv: -kv[1][3])[:4]:
                crow.append([f"  <- {Path(cf).name}:{cl}({cfn})", cnc, f"{ctt:.2f}", f"{cct:.2f}",
                             f"{100 * cct / max(ct, 1e-9):.0f}%", ""])
        print(fmt_table([r[:5] for r in crow], ["function / caller", "calls", "self s", "cum s", "share"]))

        by_mod: dict[str, float] = defaultdict(float)
        for (filename, _line, _fn), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
            by_mod[_module_of(filename)] += tt
        print("\n### self time by module\n")
        mrows = [[m, f"{s:.2f}", f"{100 * s / total:.1f}%"] for m, s in
                 sorted(by_mod.items(), key=lambda kv: -kv[1])[:25]]
        print(fmt_table(mrows, ["module", "self s", "% of profiled"]))

        # 3. start-up
        print("\n## Start-up costs (fresh interpreter each)\n")
        print(fmt_table([[label, f"{s:.2f}"] for label, s in _startup_costs(env)], ["what", "seconds"]))
    finally:
        if args.keep:
            print(f"# kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10000, help="corpus size (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--format", choices=("txt", "jsonl"), default="txt", help="corpus format (default txt)")
    ap.add_argument("--per-day", type=int, default=20, help="articles published per day (default 20)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder with the database")
    ap.add_argument("--src", metavar="DIR",
                    help="run the package from DIR/eventsift (e.g. a copy shared by several benchmark runs)")
    ap.add_argument("--live", action="store_true",
                    help="run the package from src/ as it is edited, not from a copy taken at the start")
    ap.add_argument("--no-startup", action="store_true", help="skip the one-document start-up run")
    ap.add_argument("--cold-gazetteer", action="store_true",
                    help="run with an empty gazetteer cache (EVENTSIFT_CACHE_DIR in the temp folder)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--poll", type=float, default=2.0,
                    help="seconds between counts of stored documents, for the rate curve (0: off; default 2)")
    ap.add_argument("--profile", action="store_true", help="profile in-process instead (see --profile-docs)")
    ap.add_argument("--profile-docs", type=int, default=500, help="corpus size for --profile (default 500)")
    ap.add_argument("--top", type=int, default=25, help="functions listed per profile table (default 25)")
    ap.add_argument("--callers", type=int, default=8,
                    help="with --profile: list the callers of this many top self-time functions (default 8)")
    ap.add_argument("--stages-only", action="store_true",
                    help="with --profile: only the stage timings and SQL counts (no cProfile, no start-up)")
    args = ap.parse_args(argv)
    return profile(args) if args.profile else bench(args)


if __name__ == "__main__":
    sys.exit(main())
