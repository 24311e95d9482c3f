"""Link 10k, 100k and 1M synthetic claims in memory; print time, peak memory and growth.

    python benchmarks/bench_link.py [--sizes 10000 100000 1000000] [--seed 0]

Each size runs in a fresh subprocess so peak memory (max RSS) is that size's own.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one(n: int, seed: int) -> dict:
    sys.path.insert(0, str(HERE))
    from synthetic_claims import claims

    from eventsift.link import cluster

    rows = list(claims(n, seed))
    t0 = time.perf_counter()
    events = cluster(rows)
    seconds = time.perf_counter() - t0
    gold = {r["id"]: r["incident"] for r in rows}
    return {"claims": n, "events": len(set(events.values())), "incidents": len(set(gold.values())),
            "seconds": round(seconds, 2), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return
    results = []
    print(f"{'claims':>10} {'events':>10} {'incidents':>10} {'seconds':>9} {'us/claim':>9} {'peak MB':>8}")
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        results.append(r)
        print(f"{r['claims']:>10} {r['events']:>10} {r['incidents']:>10} {r['seconds']:>9} "
              f"{r['seconds'] / n * 1e6:>9.1f} {r['peak_mb']:>8}")
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["seconds"] / b["claims"]) / (a["seconds"] / a["claims"])
        print(f"growth of time per claim, {a['claims']} -> {b['claims']}: x{growth:.2f}")


if __name__ == "__main__":
    main()
