"""Full-text search over events, and the filtered event queries the HTTP API serves.

The index (migration 0005_search) holds one text per event: its type, place,
actors and notes, and the sentence, source and actors of each of its claims.
On SQLite it is an FTS5 table queried with MATCH; on PostgreSQL a table with a
GIN index on to_tsvector('simple', body), queried with plainto_tsquery. Both
are reached through SQLAlchemy Core with bound parameters only: what a user
types never becomes SQL.

Keeping it current: `reindex_event(conn, event_id)` rewrites (or removes) one
event's entry inside the caller's transaction. `refresh(engine)` catches up
lazily: it reindexes events whose `timestamp` is not older than the last
catch-up (less a few seconds of slack for transactions that committed late)
and drops the entries of events deleted since; the first call builds it all.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from sqlalchemy import (Column, Integer, MetaData, String, Table, Text, and_, delete, exists, func, insert,
                        literal_column, or_, select, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from eventsift.store.schema import claims, deletions, events
from eventsift.store.transactions import write_transaction

__all__ = ["EventQuery", "InvalidCursor", "reindex_event", "reindex_events", "rebuild", "refresh",
           "query_events", "match_condition", "fts_query"]

log = logging.getLogger(__name__)

# Tables of the index, one shape per database; never created from here (migration 0005 does).
_sqlite_meta = MetaData()
_pg_meta = MetaData()
_state_meta = MetaData()

fts = Table("event_search", _sqlite_meta,  # FTS5 virtual table
            Column("rowid", Integer, primary_key=True),
            Column("event_id", String),
            Column("body", Text))
fts_rows = Table("event_search_rows", _sqlite_meta,
                 Column("search_rowid", Integer, primary_key=True, autoincrement=False),
                 Column("event_id", String, nullable=False, unique=True))
pg_search = Table("event_search", _pg_meta,
                  Column("event_id", String, primary_key=True),
                  Column("body", Text, nullable=False))
search_state = Table("search_state", _state_meta,
                     Column("name", String, primary_key=True),
                     Column("value", Integer, nullable=False))

BUILT = "built"  # search_state row: the events.timestamp from which the next catch-up reindexes
SLACK = 5  # seconds: a transaction that stamped its events before a catch-up but committed after it
CHUNK = 500
PG_CONFIG = "simple"  # no stemming: reports come in many languages

_WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()


# -- the index ------------------------------------------------------------------------------------

def _body(event: dict[str, Any], members: Iterable[dict[str, Any]]) -> str:
    """The searchable text of one event, each piece once."""
    parts: list[str] = []
    for value in (event.get("event_type"), event.get("sub_event_type"), event.get("location"),
                  event.get("admin1"), event.get("admin2"), event.get("country"), event.get("actor1"),
                  event.get("actor2"), event.get("notes")):
        if value:
            parts.append(str(value))
    for m in members:
        for value in (m.get("sentence"), m.get("source_label"), m.get("actor1"), m.get("actor2"),
                      m.get("location")):
            if value:
                parts.append(str(value))
    return "\n".join(dict.fromkeys(parts))


def _remove(conn: Connection, ids: Sequence[str]) -> None:
    if not ids:
        return
    if conn.dialect.name == "sqlite":
        rowids = conn.execute(select(fts_rows.c.search_rowid)
                              .where(fts_rows.c.event_id.in_(ids))).scalars().all()
        if rowids:
            conn.execute(delete(fts).where(fts.c.rowid.in_(rowids)))
            conn.execute(delete(fts_rows).where(fts_rows.c.event_id.in_(ids)))
    else:
        conn.execute(delete(pg_search).where(pg_search.c.event_id.in_(ids)))


def _insert(conn: Connection, bodies: list[tuple[str, str]]) -> None:
    if not bodies:
        return
    if conn.dialect.name == "sqlite":
        for event_id, body in bodies:  # each row's rowid is needed for the map
            rowid = conn.execute(insert(fts).values(event_id=event_id, body=body)).lastrowid
            conn.execute(insert(fts_rows).values(event_id=event_id, search_rowid=rowid))
    else:
        conn.execute(insert(pg_search), [{"event_id": e, "body": b} for e, b in bodies])


def reindex_events(conn: Connection, event_ids: Iterable[str]) -> int:
    """Rewrite the index entries of these events (removing those of events that no longer exist)."""
    ids = list(dict.fromkeys(event_ids))
    n = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        _remove(conn, chunk)
        rows = conn.execute(select(events).where(events.c.id.in_(chunk))).mappings().all()
        if not rows:
            continue
        members: dict[str, list[dict[str, Any]]] = {}
        for c in conn.execute(select(claims.c.event_id, claims.c.sentence, claims.c.source_label,
                                     claims.c.actor1, claims.c.actor2, claims.c.location)
                              .where(claims.c.event_id.in_([r["id"] for r in rows]))
                              .order_by(claims.c.event_id, claims.c.id)).mappings():
            members.setdefault(c["event_id"], []).append(dict(c))
        _insert(conn, [(r["id"], _body(dict(r), members.get(r["id"], []))) for r in rows])
        n += len(rows)
    return n


def reindex_event(conn: Connection, event_id: str) -> None:
    """Bring one event's index entry up to date inside the caller's transaction.

    Call it after an event's fields or claims change, and after an event is
    deleted (its entry is then removed).
    """
    reindex_events(conn, [event_id])


def _set_built(conn: Connection, value: int) -> None:
    if conn.execute(update(search_state).where(search_state.c.name == BUILT)
                    .values(value=value)).rowcount == 0:
        conn.execute(insert(search_state).values(name=BUILT, value=value))


def rebuild(conn: Connection) -> int:
    """Index every event from scratch."""
    start = int(time.time())
    if conn.dialect.name == "sqlite":
        conn.execute(delete(fts))
        conn.execute(delete(fts_rows))
    else:
        conn.execute(delete(pg_search))
    n = 0
    last = None
    while True:  # keyset batches: never all events in memory at once
        q = select(events.c.id).order_by(events.c.id).limit(CHUNK)
        if last is not None:
            q = q.where(events.c.id > last)
        ids = conn.execute(q).scalars().all()
        if not ids:
            break
        for i in range(0, len(ids), CHUNK):
            n += _reindex_new(conn, ids[i:i + CHUNK])
        last = ids[-1]
    _set_built(conn, start - SLACK)
    return n


def _reindex_new(conn: Connection, ids: list[str]) -> int:
    """Like reindex_events, for events known to have no entry yet (a rebuild)."""
    rows = conn.execute(select(events).where(events.c.id.in_(ids))).mappings().all()
    members: dict[str, list[dict[str, Any]]] = {}
    for c in conn.execute(select(claims.c.event_id, claims.c.sentence, claims.c.source_label,
                                 claims.c.actor1, claims.c.actor2, claims.c.location)
                          .where(claims.c.event_id.in_(ids)).order_by(claims.c.event_id, claims.c.id)).mappings():
        members.setdefault(c["event_id"], []).append(dict(c))
    _insert(conn, [(r["id"], _body(dict(r), members.get(r["id"], []))) for r in rows])
    return len(rows)


def refresh(engine: Engine) -> int:
    """Catch the index up with events changed or deleted since the last catch-up; returns how many.

    Cheap when nothing changed (an indexed look-up of events.timestamp). A
    database that is busy writing is left for the next call: searching then
    reads the index as it was.
    """
    with _lock:
        try:
            with engine.connect() as conn:
                built = conn.scalar(select(search_state.c.value).where(search_state.c.name == BUILT))
                if built is not None:
                    changed = conn.execute(select(events.c.id).where(events.c.timestamp >= built)).scalars().all()
                    gone = conn.execute(select(deletions.c.event_id)
                                        .where(deletions.c.timestamp >= built)).scalars().all()
                    if not changed and not gone:
                        return 0
            start = int(time.time())
            with write_transaction(engine) as conn:
                if built is None:
                    return rebuild(conn)
                n = reindex_events(conn, [*changed, *gone])
                _set_built(conn, start - SLACK)
                return n
        except DBAPIError as exc:  # locked by a writer, or a read-only database file
            log.warning("search index not refreshed: %s", exc.orig)
            return 0


# -- queries ---------------------------------------------------------------------------------------

def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for free text: its words, each quoted, all required.

    Only word characters survive, so nothing a user types is read as FTS5
    syntax; the last word also matches as a prefix ("Khal" finds "Khalidiya").
    """
    words = _WORD.findall(text or "")[:32]
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= 2:
        quoted[-1] += "*"
    return " ".join(quoted)


def match_condition(dialect: str, text: str, alone: bool = False):
    """A WHERE condition on events for free text, or None when the text has no words.

    On SQLite the FTS5 match yields row numbers, mapped to events through
    event_search_rows. With other filters (alone=False) each candidate event
    is probed against the matches; alone, the matches drive the query.
    """
    if dialect == "sqlite":
        expr = fts_query(text)
        if expr is None:
            return None
        matching = select(fts.c.rowid).where(fts.c.body.match(expr))
        if alone:
            return events.c.id.in_(select(fts_rows.c.event_id).where(fts_rows.c.search_rowid.in_(matching)))
        return exists().where(fts_rows.c.event_id == events.c.id, fts_rows.c.search_rowid.in_(matching))
    if not _WORD.search(text or ""):
        return None
    # The configuration is a constant in the SQL (not a parameter) so the GIN expression index applies.
    config = literal_column(f"'{PG_CONFIG}'::regconfig")
    tsv = func.to_tsvector(config, pg_search.c.body)
    return events.c.id.in_(select(pg_search.c.event_id).where(
        tsv.op("@@")(func.plainto_tsquery(config, text))))


class InvalidCursor(ValueError):
    """A pagination cursor that this server did not hand out (or for another order)."""


def encode_cursor(event_date: str, event_id: str, order: str) -> str:
    raw = json.dumps([event_date, event_id, order], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("invalid cursor") from None
    if (not isinstance(value, list) or len(value) != 3 or not all(isinstance(v, str) for v in value)):
        raise InvalidCursor("invalid cursor")
    if value[2] != order:
        raise InvalidCursor(f"this cursor is for order={value[2]}, not order={order}")
    return value[0], value[1]


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class EventQuery:
    """Filters on events; every value reaches the database as a bound parameter."""

    date_from: str | None = None  # ISO dates, on event_date, inclusive
    date_to: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor: str | None = None  # substring of actor1 or actor2, any case
    grade: list[str] = field(default_factory=list)  # corroboration
    q: str | None = None  # free text

    def conditions(self, dialect: str) -> list:
        cond: list = []
        if self.date_from:
            cond.append(events.c.event_date >= self.date_from)
        if self.date_to:
            cond.append(events.c.event_date <= self.date_to)
        if self.bbox is not None:
            minlon, minlat, maxlon, maxlat = self.bbox
            cond.append(events.c.latitude.between(minlat, maxlat))
            if minlon <= maxlon:
                cond.append(events.c.longitude.between(minlon, maxlon))
            else:  # across the antimeridian
                cond.append(or_(events.c.longitude >= minlon, events.c.longitude <= maxlon))
        if self.event_type:
            cond.append(events.c.event_type.in_(self.event_type))
        if self.sub_event_type:
            cond.append(events.c.sub_event_type.in_(self.sub_event_type))
        if self.grade:
            cond.append(events.c.corroboration.in_(self.grade))
        if self.actor and self.actor.strip():
            pattern = _like(self.actor.strip())
            if dialect == "sqlite":  # LIKE ignores (ASCII) case in SQLite, so no lower() per row
                cond.append(or_(events.c.actor1.like(pattern, escape="\\"),
                                events.c.actor2.like(pattern, escape="\\")))
            else:
                cond.append(or_(events.c.actor1.ilike(pattern, escape="\\"),
                                events.c.actor2.ilike(pattern, escape="\\")))
        if self.q and self.q.strip():
            match = match_condition(dialect, self.q, alone=not cond)
            if match is not None:
                cond.append(match)
        return cond


def query_events(conn: Connection, query: EventQuery, *, limit: int = 100, offset: int = 0,
                 cursor: str | None = None, order: str = "desc") -> tuple[list[dict[str, Any]], int, str | None]:
    """One page of events matching the query: (rows, total matching, cursor of the next page).

    Ordered by event_date then id (descending by default). With a cursor the
    page starts after the row it names (keyset pagination); else at offset.
    """
    cond = query.conditions(conn.dialect.name)
    total = conn.scalar(select(func.count()).select_from(events).where(*cond))
    desc = order == "desc"
    page = select(events).where(*cond)
    if cursor:
        after_date, after_id = decode_cursor(cursor, order)
        if desc:
            page = page.where(or_(events.c.event_date < after_date,
                                  and_(events.c.event_date == after_date, events.c.id < after_id)))
        else:
            page = page.where(or_(events.c.event_date > after_date,
                                  and_(events.c.event_date == after_date, events.c.id > after_id)))
        offset = 0
    keys = (events.c.event_date.desc(), events.c.id.desc()) if desc else (events.c.event_date, events.c.id)
    rows = [dict(r) for r in conn.execute(page.order_by(*keys).limit(limit + 1).offset(offset)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1]["event_date"], rows[-1]["id"], order) if more and rows else None
    return rows, int(total or 0), nxt
