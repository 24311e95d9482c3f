"""Batch linking: cluster claims into events, independent of the order they come in.

Claims are blocked by country, city and day, so only claims that could be the
same happening are ever compared, and the work grows with the number of claims,
not its square. Within a block every pair is scored with `matching.score`; the
pairs are then taken best first (ties broken by claim ids) and joined with a
union-find, refusing a join that would put two claims that contradict each other
(two different places, or types their places do not allow) into one event. Because the pairs are sorted
before any join, the same claims always give the same events, in any order.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Mapping

from eventsift.link.matching import THRESHOLD, consistent, score

__all__ = ["block_keys", "city_key", "cluster", "MAX_DAYS"]

MAX_DAYS = 62  # a claim's date range longer than this is blocked by its first and last day only

Row = Mapping[str, Any]


def city_key(row: Row) -> str | None:
    """Neighbourhoods block with their city so that "Khalidiya" meets "Homs"."""
    if row.get("place_id") is None:
        return None
    if row.get("place_kind") == "neighbourhood" and row.get("place_parent"):
        return row["place_parent"]
    return row.get("location") or row["place_id"]


def block_keys(row: Row) -> list[tuple]:
    low = dt.date.fromisoformat(row["date_low"])
    high = dt.date.fromisoformat(row["date_high"])
    days = (high - low).days
    span = [low + dt.timedelta(d) for d in range(days + 1)] if days <= MAX_DAYS else [low, high]
    city = city_key(row)
    return [(row.get("country"), city, day.toordinal()) for day in span]


class _Components:
    """Union-find whose components only ever hold claims consistent with each other."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.parent = list(range(len(rows)))
        self.members: list[list[int]] = [[i] for i in range(len(rows))]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        rows = self.rows
        if not all(consistent(rows[x], rows[y]) for x in self.members[ra] for y in self.members[rb]):
            return False  # another place, or a type its place does not allow
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members[rb]
        self.members[rb] = []
        return True


def cluster(rows: Iterable[Row]) -> dict[str, str]:
    """Map each claim id to its event key: the smallest claim id in its cluster."""
    rows = sorted(rows, key=lambda r: r["id"])
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        for key in block_keys(r):
            blocks[key].append(i)
    edges: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        for x in range(len(members)):
            a = members[x]
            for b in members[x + 1:]:
                if (a, b) in edges:
                    continue
                s = score(rows[a], rows[b])
                if s is not None and s[0] >= THRESHOLD:
                    edges[(a, b)] = s[0]
    comps = _Components(rows)
    for (a, b), _ in sorted(edges.items(), key=lambda e: (-e[1], e[0])):
        comps.union(a, b)
    return {r["id"]: rows[comps.find(i)]["id"] for i, r in enumerate(rows)}
