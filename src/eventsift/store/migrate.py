"""Bring a database to the newest schema with the package's Alembic migrations."""
from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

__all__ = ["upgrade", "MIGRATIONS", "include_object"]

MIGRATIONS = Path(__file__).with_name("migrations")

# What PostGIS adds (migration 0004): its own table, and geometry columns generated from lat/lon.
POSTGIS_TABLES = ("spatial_ref_sys",)
POSTGIS_COLUMNS = ("geom",)
POSTGIS_INDEXES = ("ix_events_geom", "ix_claims_geom")


# The full-text index (migration 0005, store/search.py): derived tables whose shape depends on
# the database (an FTS5 table and its shadow tables on SQLite, a GIN-indexed table on PostgreSQL).
SEARCH_TABLE_PREFIXES = ("event_search", "search_state")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For schema comparisons (autogenerate, tests): leave out what PostGIS and search add beside the tables."""
    if reflected and compare_to is None:
        if type_ == "table" and (name in POSTGIS_TABLES or name.startswith(SEARCH_TABLE_PREFIXES)):
            return False
        if type_ == "column" and name in POSTGIS_COLUMNS:
            return False
        if type_ == "index" and name in POSTGIS_INDEXES:
            return False
    return True


# Alembic runs migrations through module-level proxies (alembic.context, alembic.op):
# two threads opening stores at once would tear them down under each other.
_alembic = threading.Lock()


def upgrade(connection: Connection, revision: str = "head") -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    with _alembic:
        command.upgrade(cfg, revision)
