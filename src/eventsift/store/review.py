"""A person's decisions on events: merge two, split claims out, confirm or discount one.

Each decision is recorded in the decisions table and applied in one
transaction. Linking only ever adds new claims to events, so what a person
decided stays decided when new documents arrive or old ones are run again.
"""
from __future__ import annotations

import datetime as dt
import json
import time

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from eventsift import link
from eventsift.model import stable_id
from eventsift.store.linking import refresh_event
from eventsift.store.search import reindex_event
from eventsift.store.schema import claims, decisions, deletions, events, links

__all__ = ["ReviewError", "merge", "split", "set_review", "REVIEW_GRADES"]

REVIEW_GRADES = ("confirmed", "discounted")


class ReviewError(ValueError):
    """A review action that cannot apply: unknown event or claim, or a pointless change."""


def _now() -> tuple[int, str]:
    return int(time.time()), dt.datetime.now(dt.timezone.utc).isoformat()


def _require(conn: Connection, event_id: str) -> None:
    if conn.scalar(select(events.c.id).where(events.c.id == event_id)) is None:
        raise ReviewError(f"no event {event_id!r}")


def _record(conn, action, event_id, other, claim_ids, reason, by, stamp) -> None:
    conn.execute(insert(decisions).values(action=action, event_id=event_id, other_event_id=other,
                                          claim_ids=json.dumps(sorted(claim_ids)), reason=reason,
                                          decided_by=by, decided_at=stamp))


def _relink(conn, claim_ids, event_id, action, stamp) -> None:
    conn.execute(update(claims).where(claims.c.id.in_(claim_ids)).values(event_id=event_id))
    conn.execute(update(links).where(links.c.claim_id.in_(claim_ids)).values(
        event_id=event_id, score=1.0, features=json.dumps({"review": action}),
        linker="review", decided_at=stamp))


def merge(conn: Connection, keep: str, other: str, reason: str | None = None,
          by: str | None = None) -> str:
    """Move every claim of `other` into `keep`; `other` goes to the deletions list."""
    if keep == other:
        raise ReviewError("cannot merge an event with itself")
    _require(conn, keep)
    _require(conn, other)
    now, stamp = _now()
    moved = conn.execute(select(claims.c.id).where(claims.c.event_id == other)).scalars().all()
    _relink(conn, moved, keep, "merge", stamp)
    conn.execute(delete(events).where(events.c.id == other))
    reindex_event(conn, other)
    conn.execute(delete(deletions).where(deletions.c.event_id == other))
    conn.execute(insert(deletions).values(event_id=other, merged_into=keep,
                                          reason=reason or "merged by a reviewer", timestamp=now))
    refresh_event(conn, keep, now)
    _record(conn, "merge", keep, other, moved, reason, by, stamp)
    return keep


def split(conn: Connection, event_id: str, claim_ids: list[str], reason: str | None = None,
          by: str | None = None) -> str:
    """Move the given claims out of an event into a new one; returns the new event's id."""
    _require(conn, event_id)
    members = set(conn.execute(select(claims.c.id).where(claims.c.event_id == event_id)).scalars())
    unknown = sorted(set(claim_ids) - members)
    if unknown:
        raise ReviewError(f"claims not in event {event_id}: {', '.join(unknown)}")
    if not claim_ids or set(claim_ids) == members:
        raise ReviewError("a split must leave at least one claim on each side")
    now, stamp = _now()
    new_id = stable_id("ev", "split", event_id, *sorted(claim_ids))
    first = conn.execute(select(claims).where(claims.c.id.in_(claim_ids))).mappings().all()
    conn.execute(delete(deletions).where(deletions.c.event_id == new_id))
    conn.execute(insert(events).values(id=new_id, timestamp=now, **link.build_event([dict(r) for r in first])))
    _relink(conn, claim_ids, new_id, "split", stamp)
    refresh_event(conn, event_id, now)
    refresh_event(conn, new_id, now)
    _record(conn, "split", event_id, new_id, claim_ids, reason, by, stamp)
    return new_id


def set_review(conn: Connection, event_id: str, grade: str, reason: str,
               by: str | None = None) -> None:
    """Confirm or discount an event, with the reason; the grade survives every rebuild."""
    if grade not in REVIEW_GRADES:
        raise ReviewError(f"grade must be one of {', '.join(REVIEW_GRADES)}, not {grade!r}")
    if not reason or not reason.strip():
        raise ReviewError("a reason is required")
    _require(conn, event_id)
    now, stamp = _now()
    conn.execute(update(events).where(events.c.id == event_id).values(review=grade, review_reason=reason))
    refresh_event(conn, event_id, now)
    _record(conn, {"confirmed": "confirm", "discounted": "discount"}[grade], event_id, None, [], reason,
            by, stamp)
