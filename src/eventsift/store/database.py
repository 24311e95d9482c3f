"""The store: documents, claims and events in SQLite (default) or PostgreSQL.

Each document is written in one transaction together with its claims and the
links that put them into events, so a crash leaves either all of a document or
none of it, and a rerun picks up where it stopped.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any, Iterator

from sqlalchemy import bindparam, create_engine, event, insert, select
from sqlalchemy.engine import Connection, Engine

from eventsift import link
from eventsift.model import Claim, Document
from eventsift.store.linking import link_claims, refresh_event
from eventsift.store.migrate import upgrade
from eventsift.store.schema import claims, deletions, documents, events
from eventsift.store.transactions import SQLITE_BUSY_SECONDS, write_transaction

__all__ = ["Store", "DocumentConflict", "claim_row", "refresh_event", "normalise_url"]


class DocumentConflict(ValueError):
    """A document id is already stored with other content."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def claim_row(claim: Claim, doc: Document) -> dict[str, Any]:
    """The claims-table row of a claim; the full claim with spans goes into `data`."""
    d = claim.date.value
    place = claim.place.value
    toll = claim.fatalities.value if claim.fatalities else None
    source = claim.source.value if claim.source else None
    return {
        "id": claim.id, "doc_id": claim.doc_id,
        "event_type": claim.event_type.value, "sub_event_type": claim.sub_event_type.value,
        "event_date": d.date.isoformat(), "date_low": d.low.isoformat(),
        "date_high": d.high.isoformat(), "time_precision": d.precision,
        "place_id": place.id if place else None,
        "place_kind": place.kind if place else None,
        "place_parent": place.parent if place else None,
        "location": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": claim.geo_precision,
        "place_explicit": int(claim.place.start is not None),
        "position": claim.sentence.start or 0,
        "reported_at": _iso(_reported_at(doc, claim)),
        "block": None,  # set below from the row itself
        "actor1": claim.actor1.value.name if claim.actor1 else None,
        "inter1": claim.actor1.value.inter if claim.actor1 else None,
        "actor2": claim.actor2.value.name if claim.actor2 else None,
        "inter2": claim.actor2.value.inter if claim.actor2 else None,
        "fatalities_low": toll.low if toll else None,
        "fatalities_best": toll.best if toll else None,
        "fatalities_high": toll.high if toll else None,
        "source_label": source.label if source else (doc.outlet or doc.id),
        "source_root": source.chain[0] if source and source.chain else (doc.outlet or doc.id),
        "hedged": int(bool(claim.hedges)),
        "sentence": claim.sentence.value,
        "data": json.dumps(claim.to_dict(), ensure_ascii=False, sort_keys=True),
    }


def _reported_at(doc: Document, claim: Claim) -> dt.datetime | None:
    seg = doc.segment_at(claim.sentence.start or 0)
    return (seg.time if seg and seg.time else None) or doc.published


_INSERT_DOCUMENT = insert(documents)
_INSERT_CLAIMS = insert(claims)
_STORED_HASH = select(documents.c.sha256).where(documents.c.id == bindparam("id"))


class Store:
    """A database of documents, claims and events at a SQLAlchemy URL."""

    def __init__(self, url: str = "sqlite:///eventsift.db", *, migrate: bool = True):
        self.url = url = normalise_url(url)
        # pysqlite's timeout is SQLite's busy wait: a writer waits for the other's document.
        connect_args = {"timeout": SQLITE_BUSY_SECONDS} if url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(url, future=True, connect_args=connect_args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            with self.engine.begin() as conn:
                if self.engine.dialect.name == "sqlite":
                    # pysqlite runs DDL outside any transaction, each CREATE committed alone: a
                    # crash mid-migration would leave tables without their alembic_version row,
                    # and every later run would fail on "table already exists". An explicit
                    # BEGIN makes the whole upgrade one transaction. Deferred, not IMMEDIATE: a
                    # database already at head takes no write lock, so opening one mid-run works.
                    conn.exec_driver_sql("BEGIN")
                upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    # -- documents --------------------------------------------------------------------------

    def stored_hash(self, doc_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(documents.c.sha256).where(documents.c.id == doc_id))

    def add(self, doc: Document, doc_claims: list[Claim]) -> str:
        """Store a document with its claims and link them; returns added | unchanged.

        Raises DocumentConflict when the id is taken by other content: stored
        documents are never edited.
        """
        sha = doc.sha256
        with write_transaction(self.engine) as conn:
            stored = conn.scalar(_STORED_HASH, {"id": doc.id})
            if stored == sha:
                return "unchanged"
            if stored is not None:
                raise DocumentConflict(
                    f"document id {doc.id!r} is already stored with other content "
                    f"(sha256 {stored[:12]}…, new {sha[:12]}…); not replaced")
            conn.execute(_INSERT_DOCUMENT, {
                "id": doc.id, "sha256": sha, "kind": doc.kind, "source": doc.source, "outlet": doc.outlet,
                "title": doc.title, "author": doc.author, "url": doc.url, "published": _iso(doc.published),
                "retrieved": _iso(doc.retrieved), "language": doc.language,
                "attributes": json.dumps(doc.attributes, ensure_ascii=False, default=str),
                "segments": json.dumps([{**asdict(s), "time": _iso(s.time)} for s in doc.segments]),
                "text": doc.text, "raw": doc.raw,
                "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            })
            rows = [claim_row(claim, doc) for claim in doc_claims]
            for r in rows:
                r["block"] = link.city_key(r)
            if rows:
                conn.execute(_INSERT_CLAIMS, rows)
                link_claims(conn, rows)
        return "added"

    # -- reading ----------------------------------------------------------------------------

    def events(self) -> Iterator[dict[str, Any]]:
        """Every event as a dict of its columns plus doc_ids, claim_ids and sources."""
        with self.engine.connect() as conn:
            members: dict[str, list[dict[str, Any]]] = {}
            for c in conn.execute(select(claims.c.id, claims.c.doc_id, claims.c.event_id,
                                         claims.c.source_label)
                                  .order_by(_bytewise(conn, claims.c.doc_id), claims.c.id)).mappings():
                members.setdefault(c["event_id"], []).append(dict(c))
            for e in conn.execute(select(events).order_by(events.c.event_date, events.c.id)).mappings():
                ms = members.get(e["id"], [])
                yield {**e,
                       "doc_ids": sorted({m["doc_id"] for m in ms}),
                       "claim_ids": [m["id"] for m in ms],
                       "sources": sorted({m["source_label"] for m in ms if m["source_label"]})}

    def claims_of(self, event_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(claims).where(claims.c.event_id == event_id)
                                .order_by(claims.c.id)).mappings()
            return [{**r, "data": json.loads(r["data"])} for r in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        return next((e for e in self.events() if e["id"] == event_id), None)

    def deletions(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            yield from (dict(r) for r in conn.execute(
                select(deletions).order_by(deletions.c.timestamp, deletions.c.event_id)).mappings())

    # -- review: each a transaction of its own ---------------------------------------------

    def merge(self, keep: str, other: str, reason: str | None = None, by: str | None = None) -> str:
        from eventsift.store import review
        with write_transaction(self.engine) as conn:
            return review.merge(conn, keep, other, reason, by)

    def split(self, event_id: str, claim_ids: list[str], reason: str | None = None,
              by: str | None = None) -> str:
        from eventsift.store import review
        with write_transaction(self.engine) as conn:
            return review.split(conn, event_id, claim_ids, reason, by)

    def set_review(self, event_id: str, grade: str, reason: str, by: str | None = None) -> None:
        from eventsift.store import review
        with write_transaction(self.engine) as conn:
            review.set_review(conn, event_id, grade, reason, by)

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func
        with self.engine.connect() as conn:
            return {t.name: conn.scalar(select(func.count()).select_from(t))
                    for t in (documents, claims, events, deletions)}


def normalise_url(url: str) -> str:
    """A database URL with PostgreSQL's driver made psycopg 3: postgres:// and postgresql:// get +psycopg."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return url


def _bytewise(conn: Connection, column):
    """Strings ordered by code point, as SQLite does, whatever a PostgreSQL database's locale."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers (the API) never block the writer
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL keeps commits durable across a process crash
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB of pages: linking reads recent blocks again and again
    cur.close()


