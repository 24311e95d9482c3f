#!/usr/bin/env python3
"""Latency of the HTTP API on a large database: p50 and p95 of a filtered page of 100 events.

    python benchmarks/bench_api.py [--events 100000] [--clients 4] [--seconds 20] [--workers 1] [--seed 1] [--keep]

1. Builds (or reuses from benchmarks/.cache/) a SQLite database of --events
   synthetic events, each with one to three claims, inserted directly into the
   events, claims and documents tables with SQLAlchemy (the pipeline is not
   run: this measures the API, not extraction), after the package's
   migrations; then builds the full-text index.
2. Serves it with `eventsift serve` (uvicorn) in a subprocess on a free
   loopback port.
3. Drives it with --clients concurrent clients (threads, one httpx client
   each) for --seconds after a short warm-up, each asking `GET /api/events`
   for a page of 100 with a random filter: a date window with an event type,
   a grade, a bounding box, an actor, or words (full-text search).
4. Prints p50, p95 and p99 latency overall and per kind of filter, requests
   per second and errors. Target: p95 <= 100 ms.

Only loopback traffic; the run stops by itself.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"

TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Shelling/artillery/missile attack", "Air/drone strike",
                                   "Remote explosive/landmine/IED"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Agreement", "Looting/property destruction"],
}
ACTORS = ["Military Forces of Syria", "Opposition Rebels (Syria)", "Islamic State", "Civilians (Syria)",
          "Protesters (Syria)", "Police Forces of Syria", "Hezbollah", "Unidentified Armed Group (Syria)",
          "Military Forces of Russia", "Kurdish YPG", "Rioters (Syria)", "Jabhat al-Nusra"]
GRADES = ["weak"] * 5 + ["fair"] * 3 + ["contested", "confirmed", "discounted"]
WORDS = ["shelling", "market", "hospital", "checkpoint", "convoy", "school", "mosque", "bakery", "bridge",
         "airstrike", "sniper", "funeral", "displaced", "village", "district", "detainees", "curfew",
         "ceasefire", "barrel", "bomb", "mortar", "tank", "raid", "siege", "aid", "ambulance"]
START = dt.date(2011, 1, 1)
DAYS = 3652  # ten years: about 27 events a day at 100,000
LON, LAT = (35.7, 42.4), (32.3, 37.3)  # Syria's bounding box


def places(rng: random.Random, n: int = 600) -> list[tuple[str, str, float, float]]:
    admins = ["Aleppo", "Idlib", "Homs", "Hama", "Rural Damascus", "Deir ez-Zor", "Raqqa", "Daraa", "Latakia"]
    return [(f"Place {i}", rng.choice(admins), round(rng.uniform(*LAT), 5), round(rng.uniform(*LON), 5))
            for i in range(n)]


def build(url: str, n: int, seed: int) -> None:
    """n events with one to three claims each, written straight into the tables."""
    from eventsift.store import Store
    from eventsift.store import search
    from eventsift.store.schema import claims, documents, events

    rng = random.Random(seed)
    store = Store(url)
    pts = places(rng)
    now = int(time.time()) - 3600
    n_docs = max(1, n // 20)
    t0 = time.perf_counter()
    with store.engine.begin() as conn:
        conn.execute(insert(documents), [{
            "id": f"doc-{d:06d}.txt", "sha256": f"{d:064x}", "kind": "text", "source": f"doc-{d:06d}.txt",
            "outlet": f"Outlet {d % 40}", "title": f"Report {d}", "url": f"https://example.org/{d}",
            "published": (START + dt.timedelta(days=d * DAYS // n_docs)).isoformat() + "T12:00:00+00:00",
            "language": "en", "attributes": "{}", "segments": "[]", "text": "synthetic", "raw": b"synthetic",
            "ingested_at": "2024-01-01T00:00:00+00:00"} for d in range(n_docs)])
        ev_rows, cl_rows = [], []
        for i in range(n):
            etype = rng.choice(list(TYPES))
            sub = rng.choice(TYPES[etype])
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            name, admin1, lat, lon = rng.choice(pts)
            a1, a2 = rng.sample(ACTORS, 2)
            best = rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 20, 40])
            words = " ".join(rng.sample(WORDS, 4))
            eid = f"ev_{i:016x}"
            ev_rows.append({
                "id": eid, "event_date": day.isoformat(), "date_low": day.isoformat(), "date_high": day.isoformat(),
                "time_precision": 1, "event_type": etype, "sub_event_type": sub, "actor1": a1, "inter1": 1,
                "actor2": a2, "inter2": 2, "country": "Syria", "admin1": admin1, "admin2": None, "location": name,
                "place_id": name, "place_kind": "town", "place_parent": None, "latitude": lat, "longitude": lon,
                "geo_precision": 1, "fatalities_low": best, "fatalities_best": best, "fatalities_high": best + 2,
                "corroboration": rng.choice(GRADES), "corroboration_reason": "synthetic",
                "notes": f"{sub} in {name}: {words}.", "timestamp": now, "review": None, "review_reason": None})
            for k in range(rng.choice([1, 1, 2, 3])):
                sentence = f"{a1} {words} in {name} on {day:%A}, killing {best} people, sources said."
                data = {"id": f"cl_{i:012x}{k}", "sentence": {"value": sentence, "span": [0, len(sentence)],
                                                           "text": sentence, "extractor": "bench/1",
                                                           "confidence": 1.0}}
                cl_rows.append({
                    "id": f"cl_{i:012x}{k}", "doc_id": f"doc-{rng.randrange(n_docs):06d}.txt", "event_id": eid,
                    "event_type": etype, "sub_event_type": sub, "event_date": day.isoformat(),
                    "date_low": day.isoformat(), "date_high": day.isoformat(), "time_precision": 1,
                    "place_id": name, "place_kind": "town", "place_parent": None, "location": name,
                    "admin1": admin1, "country": "Syria", "latitude": lat, "longitude": lon, "geo_precision": 1,
                    "place_explicit": 1, "position": 0, "actor1": a1, "inter1": 1, "actor2": a2, "inter2": 2,
                    "fatalities_low": best, "fatalities_best": best, "fatalities_high": best,
                    "source_label": f"Source {k} via Outlet {i % 40}", "source_root": f"Source {k}", "hedged": 0,
                    "sentence": sentence, "data": json.dumps(data), "reported_at": None})
            if len(ev_rows) >= 5000:
                conn.execute(insert(events), ev_rows)
                conn.execute(insert(claims), cl_rows)
                ev_rows, cl_rows = [], []
        if ev_rows:
            conn.execute(insert(events), ev_rows)
            conn.execute(insert(claims), cl_rows)
    t1 = time.perf_counter()
    with store.engine.begin() as conn:
        indexed = search.rebuild(conn)
    t2 = time.perf_counter()
    store.close()
    print(f"built {n} events, {n_docs} documents in {t1 - t0:.1f} s; full-text index of {indexed} events "
          f"in {t2 - t1:.1f} s", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(base: str, server: subprocess.Popen, seconds: float = 60) -> bool:
    """Whether the server at base answers a page of events before it exits or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/api/events", params={"limit": 1}, timeout=5).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def request_params(rng: random.Random) -> tuple[str, dict]:
    start = START + dt.timedelta(days=rng.randrange(DAYS - 200))
    window = {"date_from": start.isoformat(),
              "date_to": (start + dt.timedelta(days=rng.choice([30, 60, 90, 180]))).isoformat()}
    kind = rng.choices(["type", "grade", "bbox", "actor", "text"], weights=[4, 1.5, 1.5, 1.5, 1.5])[0]
    if kind == "type":
        return kind, {**window, "event_type": rng.choice(list(TYPES))}
    if kind == "grade":
        return kind, {**window, "grade": rng.choice(["fair", "contested"])}
    if kind == "bbox":
        lon, lat = rng.uniform(LON[0], LON[1] - 1.5), rng.uniform(LAT[0], LAT[1] - 1.5)
        return kind, {"bbox": f"{lon:.3f},{lat:.3f},{lon + 1.5:.3f},{lat + 1.5:.3f}",
                      "date_from": start.isoformat(),
                      "date_to": (start + dt.timedelta(days=365)).isoformat()}
    if kind == "actor":
        return kind, {**window, "actor": rng.choice(["rebels", "military forces", "islamic", "hezbollah"])}
    return kind, {**window, "q": rng.choice(WORDS)}


def drive(base: str, clients: int, seconds: float, seed: int) -> tuple[list[tuple[str, float]], int]:
    results: list[tuple[str, float]] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        mine: list[tuple[str, float]] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < stop_at:
                kind, params = request_params(rng)
                t = time.perf_counter()
                r = http.get("/api/events", params={**params, "limit": 100})
                elapsed = time.perf_counter() - t
                if r.status_code != 200:
                    bad += 1
                else:
                    mine.append((kind, elapsed))
        with lock:
            results.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors[0]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="eventsift serve --workers")
    ap.add_argument("--keep", action="store_true", help="keep the database in benchmarks/.cache/ for reruns")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="eventsift-bench-api-"))
    cached = CACHE / f"api-{args.events}-{args.seed}.db"
    db_file = cached if args.keep else tmp / "api.db"
    if not db_file.exists():
        db_file.parent.mkdir(parents=True, exist_ok=True)
        build(f"sqlite:///{db_file}", args.events, args.seed)
    else:
        print(f"reusing {db_file}", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    eventsift = Path(sys.executable).with_name("eventsift")
    cmd = [str(eventsift) if eventsift.exists() else sys.executable, *([] if eventsift.exists() else
           ["-m", "eventsift"]), "serve", "--db", f"sqlite:///{db_file}", "--port", str(port),
           "--workers", str(args.workers)]
    env = {k: v for k, v in os.environ.items() if k != "EVENTSIFT_TOKEN"}
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        if not wait_for_server(base, server):
            print("the server did not start:", server.stderr.read().decode(errors="replace") if server.poll()
                  is not None else "timeout", file=sys.stderr)
            return 1
        total = httpx.get(f"{base}/api/events", params={"limit": 1}).json()["total"]
        load = os.getloadavg()[0]
        drive(base, args.clients, args.warmup, args.seed + 99)
        results, errors = drive(base, args.clients, args.seconds, args.seed)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    ms = [t * 1000 for _, t in results]
    print(f"\n{total} events; {args.workers} server process(es); {args.clients} concurrent clients for "
          f"{args.seconds:.0f} s; load average before: {load:.1f}; "
          f"GET /api/events page of 100 with a filter")
    print(f"requests {len(ms)} ({len(ms) / args.seconds:.0f}/s), errors {errors}")
    print(f"{'filter':<8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ["type", "grade", "bbox", "actor", "text", "all"]:
        vals = ms if kind == "all" else [t * 1000 for k, t in results if k == kind]
        print(f"{kind:<8} {len(vals):>6} {pct(vals, 50):>8.1f} {pct(vals, 95):>8.1f} {pct(vals, 99):>8.1f}")
    p95 = pct(ms, 95)
    print(f"\np50 {pct(ms, 50):.1f} ms, p95 {p95:.1f} ms (target <= 100 ms): {'ok' if p95 <= 100 else 'MISSED'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
