"""postgis: a point geometry for events and claims, on PostgreSQL with PostGIS only

On PostgreSQL, when the PostGIS extension is available (and can be created, or
already is), events and claims get `geom`, a geometry(Point, 4326) column
generated from longitude and latitude (so every write keeps it in step without
the store knowing), with a GiST index. Elsewhere, SQLite or PostgreSQL without
PostGIS, this migration does nothing: the plain latitude/longitude columns are
all there is, and they stay the columns the store reads and writes.

Revision ID: 0004_postgis
Revises: 0003_claim_reported_at
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_postgis"
down_revision = "0003_claim_reported_at"
branch_labels = None
depends_on = None

TABLES = ("events", "claims")


def _postgis(bind) -> bool:
    """Whether PostGIS is usable here, creating the extension when it is available."""
    if bind.dialect.name != "postgresql":
        return False
    if bind.scalar(sa.text("select 1 from pg_extension where extname = 'postgis'")):
        return True
    if not bind.scalar(sa.text("select 1 from pg_available_extensions where name = 'postgis'")):
        return False
    try:
        with bind.begin_nested():  # a role without the right to create it: plain columns
            bind.execute(sa.text("create extension if not exists postgis"))
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if not _postgis(bind):
        return
    for table in TABLES:
        op.execute(
            f"alter table {table} add column if not exists geom geometry(Point, 4326) "
            "generated always as (case when longitude is not null and latitude is not null "
            "then ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) end) stored")
        op.execute(f"create index if not exists ix_{table}_geom on {table} using gist (geom)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"drop index if exists ix_{table}_geom")
        op.execute(f"alter table {table} drop column if exists geom")
