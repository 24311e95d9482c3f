"""Bring a database to the newest schema with the package's Alembic migrations."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

__all__ = ["upgrade", "MIGRATIONS"]

MIGRATIONS = Path(__file__).with_name("migrations")


def upgrade(connection: Connection, revision: str = "head") -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)
