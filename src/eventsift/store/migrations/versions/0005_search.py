"""search: a full-text index of events, and indexes for the API's filters

The full-text index is derived data, kept by eventsift.store.search
(reindex_event, refresh): on SQLite an FTS5 table `event_search(event_id
UNINDEXED, body)` with `event_search_rows` mapping each event to its FTS row;
on PostgreSQL a table `event_search(event_id, body)` with a GIN index on
to_tsvector('simple', body). `search_state` records when the index was last
brought up to date. These tables are left out of schema comparisons
(store.migrate.include_object): their shape depends on the database.

The plain indexes on events serve the API's filters and its ordering by date.

Revision ID: 0005_search
Revises: 0004_postgis
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_search"
down_revision = "0004_postgis"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_date_id": ["event_date", "id"],
    "ix_events_type_date": ["event_type", "event_date", "id"],
    "ix_events_grade_date": ["corroboration", "event_date", "id"],
    "ix_events_date_point": ["event_date", "longitude", "latitude"],  # covers date + bounding box
    "ix_events_timestamp": ["timestamp"],
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE event_search USING fts5("
                   "event_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')")
        op.create_table(  # which FTS row holds which event: looked up both ways
            "event_search_rows",
            sa.Column("search_rowid", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("event_id", sa.String, nullable=False, unique=True),
        )
    else:
        op.create_table(
            "event_search",
            sa.Column("event_id", sa.String, primary_key=True),
            sa.Column("body", sa.Text, nullable=False),
        )
        op.execute("CREATE INDEX ix_event_search_body ON event_search USING gin (to_tsvector('simple', body))")
    op.create_table(
        "search_state",
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "events", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="events")
    op.drop_table("search_state")
    if op.get_bind().dialect.name == "sqlite":
        op.drop_table("event_search_rows")
        op.execute("DROP TABLE event_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_event_search_body")
        op.drop_table("event_search")
