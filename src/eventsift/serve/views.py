"""What the API and the HTML page show: events, claims and documents as plain dicts.

Read-only queries over the store's tables (SQLAlchemy Core, bound parameters
only). The API validates these dicts against its response models; the HTML
export embeds them as they are, so both show the same thing.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from eventsift.store.schema import claims, deletions, documents, events

__all__ = ["FIELD_NAMES", "summaries", "event_detail", "claim_views", "claims_page", "document_view",
           "deletions_page", "merged_into", "doc_refs"]

# Fields of a claim's `data` that carry a value with its span, words, extractor and confidence.
FIELD_NAMES = ("sentence", "event_type", "sub_event_type", "date", "place", "actor1", "actor2",
               "fatalities", "source")
DOC_REF_COLUMNS = (documents.c.id, documents.c.kind, documents.c.outlet, documents.c.title,
                   documents.c.author, documents.c.url, documents.c.published, documents.c.language)
CLAIM_COLUMNS = ("id", "doc_id", "event_id", "event_type", "sub_event_type", "event_date", "date_low",
                 "date_high", "time_precision", "location", "admin1", "country", "latitude", "longitude",
                 "geo_precision", "actor1", "inter1", "actor2", "inter2", "fatalities_low",
                 "fatalities_best", "fatalities_high", "source_label", "source_root", "sentence",
                 "reported_at")


def summaries(conn: Connection, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event rows with doc_ids, sources and claim_count, in one query for all of them."""
    rows = [dict(r) for r in rows]
    members: dict[str, list[tuple[str, str | None]]] = {}
    ids = [r["id"] for r in rows]
    for i in range(0, len(ids), 500):
        for c in conn.execute(select(claims.c.event_id, claims.c.doc_id, claims.c.source_label)
                              .where(claims.c.event_id.in_(ids[i:i + 500]))):
            members.setdefault(c.event_id, []).append((c.doc_id, c.source_label))
    for r in rows:
        ms = members.get(r["id"], [])
        r["doc_ids"] = sorted({d for d, _ in ms})
        r["sources"] = sorted({s for _, s in ms if s})
        r["claim_count"] = len(ms)
    return rows


def doc_refs(conn: Connection, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted(set(doc_ids))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        for d in conn.execute(select(*DOC_REF_COLUMNS).where(documents.c.id.in_(ids[i:i + 500]))).mappings():
            out[d["id"]] = dict(d)
    return out


def _claim_view(row: dict[str, Any], doc: dict[str, Any] | None) -> dict[str, Any]:
    data = json.loads(row["data"]) if isinstance(row["data"], str) else row["data"]
    fields = {name: data.get(name) for name in FIELD_NAMES}
    source = fields.get("source")
    attribution = source.get("value") if source else None
    if not attribution:
        label = row.get("source_label") or ""
        attribution = {"chain": [p for p in label.split(" via ") if p], "label": label, "kind": "unknown"}
    sentence = fields.get("sentence") or {}
    out = {k: row.get(k) for k in CLAIM_COLUMNS}
    out.update(
        hedged=bool(row.get("hedged")),
        hedges=data.get("hedges") or [],
        attribution=attribution,
        sentence_span=sentence.get("span"),
        fields=fields,
        document=doc or {"id": row["doc_id"]},
    )
    return out


def claim_views(conn: Connection, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [dict(r) for r in rows]
    docs = doc_refs(conn, (r["doc_id"] for r in rows))
    return [_claim_view(r, docs.get(r["doc_id"])) for r in rows]


def event_detail(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """An event with every claim (fields with spans), its sources and documents."""
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    (event,) = summaries(conn, [row])
    members = conn.execute(select(claims).where(claims.c.event_id == event_id)
                           .order_by(claims.c.doc_id, claims.c.position, claims.c.id)).mappings().all()
    event["claims"] = claim_views(conn, members)
    docs = doc_refs(conn, event["doc_ids"])
    event["documents"] = [docs[d] for d in event["doc_ids"] if d in docs]
    return event


def claims_page(conn: Connection, event_id: str | None, doc_id: str | None, limit: int,
                offset: int) -> tuple[list[dict[str, Any]], int]:
    cond = []
    if event_id is not None:
        cond.append(claims.c.event_id == event_id)
    if doc_id is not None:
        cond.append(claims.c.doc_id == doc_id)
    total = conn.scalar(select(func.count()).select_from(claims).where(*cond))
    rows = conn.execute(select(claims).where(*cond).order_by(claims.c.doc_id, claims.c.position, claims.c.id)
                        .limit(limit).offset(offset)).mappings().all()
    return claim_views(conn, rows), int(total or 0)


def document_view(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """A document as stored (its raw bytes left out), with its claims' and events' ids."""
    cols = [c for c in documents.c if c.name not in ("raw", "source")]
    row = conn.execute(select(*cols).where(documents.c.id == doc_id)).mappings().first()
    if row is None:
        return None
    doc = dict(row)
    doc["attributes"] = json.loads(doc["attributes"] or "{}")
    doc["segments"] = json.loads(doc["segments"] or "[]")
    members = conn.execute(select(claims.c.id, claims.c.event_id).where(claims.c.doc_id == doc_id)
                           .order_by(claims.c.position, claims.c.id)).all()
    doc["claim_ids"] = [m.id for m in members]
    doc["event_ids"] = sorted({m.event_id for m in members if m.event_id})
    return doc


def deletions_page(conn: Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.scalar(select(func.count()).select_from(deletions))
    rows = conn.execute(select(deletions).order_by(deletions.c.timestamp, deletions.c.event_id)
                        .limit(limit).offset(offset)).mappings().all()
    return [dict(r) for r in rows], int(total or 0)


def merged_into(conn: Connection, event_id: str) -> str | None:
    return conn.scalar(select(deletions.c.merged_into).where(deletions.c.event_id == event_id))
