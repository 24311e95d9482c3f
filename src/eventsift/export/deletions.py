"""Deletions: events merged away or removed, listed as ACLED publishes them."""
from __future__ import annotations

import csv
from typing import Any, Iterable, TextIO

__all__ = ["DELETION_COLUMNS", "write_deletions"]

DELETION_COLUMNS = ["event_id_cnty", "deleted_timestamp", "merged_into", "reason"]


def write_deletions(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DELETION_COLUMNS)
    n = 0
    for r in rows:
        writer.writerow([r["event_id"], r["timestamp"], r.get("merged_into") or "", r.get("reason") or ""])
        n += 1
    return n
