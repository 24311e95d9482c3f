"""Linking inside the store: each new claim against the claims of its block.

This is link.cluster's rule applied one claim at a time, inside the
transaction that stores the claim's document. Statements are built once and
reused with bound parameters: a document's claims, links and event rebuilds
are a handful of round trips, not dozens.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from eventsift import link
from eventsift.model import stable_id
from eventsift.store.schema import claims, decisions, deletions, events, links
from eventsift.store.search import reindex_event

__all__ = ["link_claims", "refresh_event", "absorb"]

_LINK_COLUMNS = [claims.c[name] for name in (
    "id", "event_id", "doc_id", "event_type", "sub_event_type", "event_date", "date_low", "date_high",
    "place_id", "place_kind", "place_parent", "location", "country", "inter1", "inter2")]

# The claim's block: same country, overlapping dates, same city (neighbourhoods block with their city).
_BLOCK = select(*_LINK_COLUMNS).where(
    claims.c.country == bindparam("country"), claims.c.block == bindparam("city"),
    claims.c.date_low <= bindparam("high"), claims.c.date_high >= bindparam("low"),
    claims.c.date_low >= bindparam("earliest"),
    claims.c.event_id.is_not(None))
_BLOCK_NO_COUNTRY = select(*_LINK_COLUMNS).where(
    claims.c.country.is_(None), claims.c.place_id.is_(None),
    claims.c.date_low <= bindparam("high"), claims.c.date_high >= bindparam("low"),
    claims.c.event_id.is_not(None))
_BLOCK_NO_PLACE = select(*_LINK_COLUMNS).where(
    claims.c.country == bindparam("country"), claims.c.place_id.is_(None),
    claims.c.date_low <= bindparam("high"), claims.c.date_high >= bindparam("low"),
    claims.c.event_id.is_not(None))
_MEMBERS = select(*_LINK_COLUMNS).where(claims.c.event_id == bindparam("event"))
_SET_EVENT = update(claims).where(claims.c.id == bindparam("cid")).values(event_id=bindparam("event"))
_MOVE_CLAIMS = update(claims).where(claims.c.event_id == bindparam("old")).values(event_id=bindparam("new"))
_MOVE_LINKS = update(links).where(links.c.event_id == bindparam("old")).values(event_id=bindparam("new"))
_SPLIT = select(decisions.c.id).where(
    decisions.c.action == "split",
    or_(and_(decisions.c.event_id == bindparam("a"), decisions.c.other_event_id == bindparam("b")),
        and_(decisions.c.event_id == bindparam("b"), decisions.c.other_event_id == bindparam("a"))))


# No claim's dates span more than this (extract.claims keeps wider ones out), so a lower
# bound on date_low lets the index stop instead of reading every earlier claim of the block.
WIDEST_SPAN_DAYS = 63


def _block(conn: Connection, row: dict[str, Any]) -> list[dict[str, Any]]:
    earliest = (dt.date.fromisoformat(row["date_low"]) - dt.timedelta(days=WIDEST_SPAN_DAYS)).isoformat()
    params = {"low": row["date_low"], "high": row["date_high"], "country": row["country"],
              "earliest": earliest}
    if row["country"] is None:
        stmt = _BLOCK_NO_COUNTRY
    elif row.get("place_id") is None:
        stmt = _BLOCK_NO_PLACE
    else:
        stmt, params["city"] = _BLOCK, link.city_key(row)
    return [dict(r) for r in conn.execute(stmt, params).mappings()]


def link_claims(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Link a document's new (already inserted) claims, in order, then rebuild touched events."""
    now = int(time.time())
    stamp = dt.datetime.now(dt.timezone.utc).isoformat()
    touched: set[str] = set()
    fresh: set[str] = set()  # made from one claim of this document, built at insert
    decided: list[dict[str, Any]] = []
    merged: dict[str, str] = {}  # events absorbed while linking this document: into which
    for row in rows:
        event_id, score, features = _link_one(conn, row, now, touched, merged)
        if features.get("new_event"):
            fresh.add(event_id)
        else:
            fresh.discard(event_id)
        decided.append({"claim_id": row["id"], "event_id": event_id, "score": score,
                        "features": json.dumps(features), "linker": f"{link.NAME}/{link.VERSION}",
                        "decided_at": stamp})
    # absorb() moves the links already stored, not these: a later claim of the same document
    # may have merged away the event an earlier one joined.
    for d in decided:
        while d["event_id"] in merged:
            d["event_id"] = merged[d["event_id"]]
    if decided:
        conn.execute(insert(links), decided)
    for event_id in sorted(touched - fresh):  # events merged away since have no claims: skipped
        refresh_event(conn, event_id, now)
    for event_id in sorted(fresh):
        reindex_event(conn, event_id)


def _link_one(conn: Connection, row: dict[str, Any], now: int, touched: set[str],
              merged: dict[str, str]) -> tuple[str, float, dict[str, Any]]:
    """The claim joins the event of its best match; other matching events merge into it,
    unless that would put claims that contradict each other into one event or undo a
    reviewer's split. Pairs are taken best first, ties broken by claim id."""
    edges = []
    for c in _block(conn, row):
        if c["id"] == row["id"]:
            continue
        s = link.score(row, c)
        if s is not None and s[0] >= link.THRESHOLD:
            edges.append((s[0], c["id"], s[1], c["event_id"]))
    edges.sort(key=lambda t: (-t[0], t[1]))
    target, best, features = None, 1.0, {"new_event": True}
    joined = [row]
    for score, other_claim, feats, event_id in edges:
        if event_id == target:
            continue
        members = [dict(m) for m in conn.execute(_MEMBERS, {"event": event_id}).mappings()]
        if not all(link.consistent(a, b) for a in joined for b in members):
            continue
        joined += members
        if target is None:
            target, best, features = event_id, score, {**feats, "matched_claim": other_claim}
        elif conn.scalar(_SPLIT, {"a": target, "b": event_id}) is None:
            absorb(conn, target, event_id, f"linked through claim {row['id']}", now)
            merged[event_id] = target
    if target is None:
        target = stable_id("ev", row["id"])
        conn.execute(_INSERT_EVENT, {"id": target, "timestamp": now, **link.build_event([row])})
        features = {"new_event": True}
    conn.execute(_SET_EVENT, {"cid": row["id"], "event": target})
    touched.add(target)
    return target, best, features


def absorb(conn: Connection, keep: str, other: str, reason: str, now: int) -> None:
    """Move every claim of `other` into `keep`; `other` is listed as deleted."""
    conn.execute(_MOVE_CLAIMS, {"old": other, "new": keep})
    conn.execute(_MOVE_LINKS, {"old": other, "new": keep})
    conn.execute(delete(events).where(events.c.id == other))
    reindex_event(conn, other)
    conn.execute(delete(deletions).where(deletions.c.event_id == other))
    conn.execute(insert(deletions).values(event_id=other, merged_into=keep, reason=reason, timestamp=now))


_INSERT_EVENT = insert(events)
_EVENT_FIELDS = [c.name for c in events.c if c.name not in ("id", "review", "review_reason")]
_UPDATE_EVENT = update(events).where(events.c.id == bindparam("_id")).values(
    {name: bindparam(name) for name in _EVENT_FIELDS})
_ALL_MEMBERS = select(claims).where(claims.c.event_id == bindparam("event"))
_REVIEW = select(events.c.review, events.c.review_reason).where(events.c.id == bindparam("event"))


def refresh_event(conn: Connection, event_id: str, now: int | None = None) -> None:
    """Rebuild an event's fields from its claims; a reviewer's grade outlives every rebuild."""
    members = [dict(m) for m in conn.execute(_ALL_MEMBERS, {"event": event_id}).mappings()]
    if not members:
        return
    members.sort(key=lambda m: (m["doc_id"].encode("utf-8"), m["position"]))
    fields = link.build_event(members)
    review = conn.execute(_REVIEW, {"event": event_id}).first()
    if review is not None and review.review:
        fields["corroboration"] = review.review
        fields["corroboration_reason"] = f"{review.review} by a reviewer: {review.review_reason or ''}".strip()
    conn.execute(_UPDATE_EVENT, {"_id": event_id, "timestamp": now or int(time.time()), **fields})
    reindex_event(conn, event_id)
