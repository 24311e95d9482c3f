"""initial: documents, claims, events, links, deletions

Revision ID: 0001_initial
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text), sa.Column("title", sa.Text), sa.Column("author", sa.Text),
        sa.Column("url", sa.Text), sa.Column("published", sa.String), sa.Column("retrieved", sa.String),
        sa.Column("language", sa.String),
        sa.Column("attributes", sa.Text, nullable=False),
        sa.Column("segments", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("ingested_at", sa.String, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("event_date", sa.String, nullable=False, index=True),
        sa.Column("date_low", sa.String, nullable=False),
        sa.Column("date_high", sa.String, nullable=False),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String, nullable=False, index=True),
        sa.Column("sub_event_type", sa.String, nullable=False),
        sa.Column("actor1", sa.Text), sa.Column("inter1", sa.Integer),
        sa.Column("actor2", sa.Text), sa.Column("inter2", sa.Integer),
        sa.Column("country", sa.String), sa.Column("admin1", sa.String), sa.Column("admin2", sa.String),
        sa.Column("location", sa.Text), sa.Column("place_id", sa.String),
        sa.Column("place_kind", sa.String), sa.Column("place_parent", sa.String),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer, nullable=False),
        sa.Column("fatalities_low", sa.Integer, nullable=False),
        sa.Column("fatalities_best", sa.Integer, nullable=False),
        sa.Column("fatalities_high", sa.Integer, nullable=False),
        sa.Column("corroboration", sa.String, nullable=False),
        sa.Column("corroboration_reason", sa.Text),
        sa.Column("notes", sa.Text),
        sa.Column("timestamp", sa.Integer, nullable=False),
    )
    op.create_index("ix_events_block", "events", ["country", "date_low"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("doc_id", sa.String, sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), index=True),
        sa.Column("event_type", sa.String, nullable=False),
        sa.Column("sub_event_type", sa.String, nullable=False),
        sa.Column("event_date", sa.String, nullable=False),
        sa.Column("date_low", sa.String, nullable=False),
        sa.Column("date_high", sa.String, nullable=False),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("place_id", sa.String), sa.Column("place_kind", sa.String),
        sa.Column("place_parent", sa.String), sa.Column("location", sa.Text),
        sa.Column("admin1", sa.String), sa.Column("country", sa.String),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer, nullable=False),
        sa.Column("place_explicit", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("actor1", sa.Text), sa.Column("inter1", sa.Integer),
        sa.Column("actor2", sa.Text), sa.Column("inter2", sa.Integer),
        sa.Column("fatalities_low", sa.Integer), sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("source_label", sa.Text), sa.Column("source_root", sa.Text),
        sa.Column("hedged", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_claims_block", "claims", ["country", "date_low"])
    op.create_table(
        "links",
        sa.Column("claim_id", sa.String, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("event_id", sa.String, nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("features", sa.Text, nullable=False),
        sa.Column("linker", sa.String, nullable=False),
        sa.Column("decided_at", sa.String, nullable=False),
    )
    op.create_table(
        "deletions",
        sa.Column("event_id", sa.String, primary_key=True),
        sa.Column("merged_into", sa.String),
        sa.Column("reason", sa.Text),
        sa.Column("timestamp", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("deletions", "links", "claims", "events", "documents"):
        op.drop_table(name)
