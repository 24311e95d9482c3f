#!/usr/bin/env python3
"""Pairwise linking quality on the hand-written linking set (tests/data/linking/).

    python benchmarks/linking_quality.py [PATH] [--json]

Ingests PATH (default tests/data/linking/reports.jsonl) into a fresh SQLite
database in a temporary folder through the library (`EventSift(db).run([PATH])`),
reads the events and scores linking over PAIRS OF REPORTS:

- a pair is predicted linked when both report ids appear together in the
  `doc_ids` of some event;
- a pair is gold-linked when the two reports share an incident id (a record's
  `incident` is one id, a list of ids for a report covering several, or null
  for a report about no incident: such reports are in no gold pair).

Precision = |predicted & gold| / |predicted|, recall = |predicted & gold| / |gold|,
F1 their harmonic mean. It also lists the false merges (predicted, not gold),
the missed links (gold, not predicted) with each report's claims as the
pipeline read them (date, place, type, toll, source), and the reports that
produced no event.

`evaluate(path)` returns all of this as a dict, for tests/test_linking_set.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "data" / "linking" / "reports.jsonl"


def load_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """Report id -> its record, with `incidents` as a set of incident ids (empty for commentary)."""
    records: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            inc = r.get("incident")
            r["incidents"] = set() if inc is None else {inc} if isinstance(inc, str) else set(inc)
            records[str(r["id"])] = r
    return records


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def gold_pairs(records: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    return {_pair(a, b) for a, b in combinations(records, 2)
            if records[a]["incidents"] & records[b]["incidents"]}


def predicted_pairs(events: list[dict[str, Any]], ids: set[str]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for e in events:
        docs = sorted(set(e["doc_ids"]) & ids)
        out |= {_pair(a, b) for a, b in combinations(docs, 2)}
    return out


def _claim_view(c: dict[str, Any]) -> dict[str, Any]:
    return {"claim": c["id"], "event": c.get("event_id"), "date": c.get("event_date"),
            "date_range": [c.get("date_low"), c.get("date_high")], "place": c.get("location"),
            "place_id": c.get("place_id"), "place_kind": c.get("place_kind"),
            "type": c.get("event_type"), "sub_type": c.get("sub_event_type"),
            "toll": c.get("fatalities_best"), "source": c.get("source_label"),
            "root": c.get("source_root")}


def evaluate(path: str | Path = DEFAULT) -> dict[str, Any]:
    """Run the pipeline on `path` in a fresh database and score its linking pairwise."""
    from eventsift import EventSift

    path = Path(path)
    records = load_gold(path)
    ids = set(records)
    with tempfile.TemporaryDirectory(prefix="eventsift-linking-") as tmp:
        with EventSift(f"sqlite:///{Path(tmp) / 'linking.db'}") as sift:
            run = sift.run([str(path)])
            events = [dict(e) for e in sift.events()]
            claims: dict[str, list[dict[str, Any]]] = {}
            for e in events:
                for c in sift.store.claims_of(e["id"]):
                    claims.setdefault(c["doc_id"], []).append(_claim_view(c))
    gold = gold_pairs(records)
    pred = predicted_pairs(events, ids)
    tp = len(gold & pred)
    precision = tp / len(pred) if pred else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    doc_events: dict[str, list[str]] = {i: [] for i in ids}
    for e in events:
        for d in e["doc_ids"]:
            if d in doc_events:
                doc_events[d].append(e["id"])
    by_incident: dict[str, dict[str, list[str]]] = {}
    for rid, r in records.items():
        for inc in r["incidents"]:
            by_incident.setdefault(inc, {})[rid] = doc_events[rid]
    return {
        "path": str(path), "reports": len(records), "events": len(events),
        "errors": list(run.errors), "claims": run.claims,
        "gold_pairs": len(gold), "predicted_pairs": len(pred), "true_positives": tp,
        "precision": precision, "recall": recall, "f1": f1,
        "false_merges": sorted(pred - gold), "missed_links": sorted(gold - pred),
        "no_event": sorted(i for i, evs in doc_events.items() if not evs),
        "no_event_gold": sorted(i for i, evs in doc_events.items() if not evs and records[i]["incidents"]),
        "doc_events": doc_events, "by_incident": by_incident,
        "event_rows": events, "doc_claims": claims, "records": records,
    }


def _abbrev(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _describe(result: dict[str, Any], rid: str) -> list[str]:
    r = result["records"][rid]
    inc = ",".join(sorted(r["incidents"])) or "none"
    lines = [f"    {rid} [{inc}] {r.get('published')}: {_abbrev(r['text'])}"]
    for c in result["doc_claims"].get(rid, []):
        lines.append(f"        claim -> event {c['event']}: {c['date']} {c['place']} ({c['place_kind']}) "
                     f"{c['type']} / {c['sub_type']}, toll {c['toll']}, source {c['source']!r}")
    if not result["doc_claims"].get(rid):
        lines.append("        (no claim, no event)")
    return lines


def report(result: dict[str, Any], out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p(f"linking set: {result['path']}")
    p(f"reports {result['reports']}, claims {result['claims']}, events {result['events']}, "
      f"ingest errors {len(result['errors'])}")
    for err in result["errors"]:
        p(f"  error: {err}")
    p(f"pairs: gold {result['gold_pairs']}, predicted {result['predicted_pairs']}, "
      f"correct {result['true_positives']}")
    p(f"pairwise precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    p("")
    p(f"reports that produced no event: {len(result['no_event'])} "
      f"({len(result['no_event_gold'])} of them about an incident)")
    for rid in result["no_event"]:
        r = result["records"][rid]
        p(f"    {rid} [{','.join(sorted(r['incidents'])) or 'none'}]: {_abbrev(r['text'])}")
    p("")
    p("by incident: events its reports fell into (one event = fully linked)")
    for inc in sorted(result["by_incident"]):
        docs = result["by_incident"][inc]
        groups: dict[str, list[str]] = {}
        for rid, evs in sorted(docs.items()):
            for e in evs or ["-"]:
                groups.setdefault(e, []).append(rid)
        mark = "ok " if len(groups) == 1 and "-" not in groups else "   "
        p(f"  {mark}{inc}: " + " | ".join(f"{e}: {' '.join(rs)}" for e, rs in groups.items()))
    p("")
    p(f"false merges: {len(result['false_merges'])} pairs")
    for a, b in result["false_merges"]:
        p(f"  {a} + {b}")
        for rid in (a, b):
            for line in _describe(result, rid):
                p(line)
    p("")
    p(f"missed links: {len(result['missed_links'])} pairs")
    for a, b in result["missed_links"]:
        p(f"  {a} + {b}")
        for rid in (a, b):
            for line in _describe(result, rid):
                p(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--json", action="store_true", help="print the figures and pair lists as JSON")
    args = ap.parse_args(argv)
    result = evaluate(args.path)
    if args.json:
        keys = ("path", "reports", "events", "claims", "errors", "gold_pairs", "predicted_pairs",
                "true_positives", "precision", "recall", "f1", "false_merges", "missed_links", "no_event")
        print(json.dumps({k: result[k] for k in keys}, indent=2))
    else:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
