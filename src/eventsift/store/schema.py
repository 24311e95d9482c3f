"""Tables. The migrations in migrations/versions create exactly these."""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text)

__all__ = ["metadata", "documents", "claims", "events", "links", "deletions", "decisions"]

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String, primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("source", Text, nullable=False),
    Column("outlet", Text),
    Column("title", Text),
    Column("author", Text),
    Column("url", Text),
    Column("published", String),  # ISO 8601, UTC
    Column("retrieved", String),
    Column("language", String),
    Column("attributes", Text, nullable=False, default="{}"),  # JSON
    Column("segments", Text, nullable=False, default="[]"),  # JSON
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("ingested_at", String, nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("id", String, primary_key=True),
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_id", String, ForeignKey("events.id"), index=True),
    Column("event_type", String, nullable=False),
    Column("sub_event_type", String, nullable=False),
    Column("event_date", String, nullable=False),
    Column("date_low", String, nullable=False),
    Column("date_high", String, nullable=False),
    Column("time_precision", Integer, nullable=False),
    Column("place_id", String),
    Column("place_kind", String),
    Column("place_parent", String),
    Column("location", Text),
    Column("admin1", String),
    Column("country", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer, nullable=False),
    Column("place_explicit", Integer, nullable=False, default=0),  # named in the claim's own words
    Column("position", Integer, nullable=False, default=0),  # where its sentence starts in the text
    Column("actor1", Text),
    Column("inter1", Integer),
    Column("actor2", Text),
    Column("inter2", Integer),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("source_label", Text),  # the attribution chain, "SOHR via EA WorldView"
    Column("source_root", Text),  # the chain's first link: who originally says so
    Column("hedged", Integer, nullable=False, default=0),
    Column("sentence", Text, nullable=False),
    Column("data", Text, nullable=False),  # the whole claim as JSON, with spans and extractors
    Index("ix_claims_block", "country", "date_low"),
    Column("reported_at", String),  # ISO time of its document or liveblog entry
    Column("block", String),  # linking block: the city of a neighbourhood, else the place
    Index("ix_claims_link_block", "country", "block", "date_low"),
)

events = Table(
    "events", metadata,
    Column("id", String, primary_key=True),
    Column("event_date", String, nullable=False, index=True),
    Column("date_low", String, nullable=False),
    Column("date_high", String, nullable=False),
    Column("time_precision", Integer, nullable=False),
    Column("event_type", String, nullable=False, index=True),
    Column("sub_event_type", String, nullable=False),
    Column("actor1", Text),
    Column("inter1", Integer),
    Column("actor2", Text),
    Column("inter2", Integer),
    Column("country", String),
    Column("admin1", String),
    Column("admin2", String),
    Column("location", Text),
    Column("place_id", String),
    Column("place_kind", String),
    Column("place_parent", String),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer, nullable=False),
    Column("fatalities_low", Integer, nullable=False, default=0),
    Column("fatalities_best", Integer, nullable=False, default=0),
    Column("fatalities_high", Integer, nullable=False, default=0),
    Column("corroboration", String, nullable=False, default="weak"),
    Column("corroboration_reason", Text),
    Column("notes", Text),
    Column("timestamp", Integer, nullable=False),
    Column("review", String),  # confirmed | discounted, set by a person
    Column("review_reason", Text),
    Index("ix_events_block", "country", "date_low"),
    # The API's filters and its order by date (migration 0005_search).
    Index("ix_events_date_id", "event_date", "id"),
    Index("ix_events_type_date", "event_type", "event_date", "id"),
    Index("ix_events_grade_date", "corroboration", "event_date", "id"),
    Index("ix_events_date_point", "event_date", "longitude", "latitude"),
    Index("ix_events_timestamp", "timestamp"),
)

# Every decision to put a claim into an event, with the evidence behind it.
links = Table(
    "links", metadata,
    Column("claim_id", String, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String, nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("features", Text, nullable=False),  # JSON
    Column("linker", String, nullable=False),  # name/version
    Column("decided_at", String, nullable=False),
)

# Events that were merged away or removed, as ACLED publishes them.
deletions = Table(
    "deletions", metadata,
    Column("event_id", String, primary_key=True),
    Column("merged_into", String),
    Column("reason", Text),
    Column("timestamp", Integer, nullable=False),
)

# What people decided about events; replayed facts, never recomputed.
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String, nullable=False),  # merge | split | confirm | discount
    Column("event_id", String, nullable=False, index=True),
    Column("other_event_id", String),
    Column("claim_ids", Text, nullable=False),  # JSON list
    Column("reason", Text),
    Column("decided_by", String),
    Column("decided_at", String, nullable=False),
)
