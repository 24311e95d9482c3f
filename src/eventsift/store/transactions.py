"""Write transactions: one writer at a time, on either backend.

Linking reads a block's claims and then writes to it. Two writers linking at
once (the server's uploads and a CLI run on the same database) would each miss
the other's uncommitted claims and found two events for one happening, or both
write the same search row. SQLite allows one writer anyway; taking its lock at
BEGIN (IMMEDIATE) makes a second writer wait for it instead of failing when it
first writes. PostgreSQL gets the same order from a transaction-level advisory
lock, released by COMMIT or ROLLBACK.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

__all__ = ["write_transaction", "SQLITE_BUSY_SECONDS", "WRITE_LOCK_KEY"]

SQLITE_BUSY_SECONDS = 30.0  # how long a writer waits for another's document before giving up
WRITE_LOCK_KEY = 0x6576656E747369  # "eventsi": the advisory lock every eventsift writer takes


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        yield conn
