from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """../shared beside the project; tests that need it skip in a plain clone."""
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"needs ../shared (not found at {SHARED}): evaluation corpus and scorers")
    return SHARED


# -- PostgreSQL: a throwaway server, or the one EVENTSIFT_TEST_PG names ------------------------

PG_ENV = "EVENTSIFT_TEST_PG"
_pg_databases = itertools.count()


def _pg_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl") if (p.parent / "initdb").exists()]
    found.sort(key=lambda b: int(b.parent.name) if b.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server whose role may create databases.

    EVENTSIFT_TEST_PG=postgresql://... when set; else a server started for this
    session in a temporary folder on a free loopback port (as the postgres user
    when running as root: PostgreSQL refuses to run as root), stopped at the end;
    else the PostgreSQL tests skip.
    """
    given = os.environ.get(PG_ENV)
    if given:
        yield given
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://... or initdb and pg_ctl "
                    "(apt-get install postgresql)")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL refuses to run as root and there is no postgres user to run it as")
        if shutil.which("runuser") is None:
            pytest.skip("PostgreSQL refuses to run as root and runuser is missing")
        prefix = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="eventsift-pg-"))
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, port = base / "data", _free_port()
    pg_ctl = prefix + [str(bindir / "pg_ctl"), "-D", str(data)]
    try:
        init = subprocess.run(prefix + [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                        "-E", "UTF8", "--locale=C", "--no-sync"],
                              capture_output=True, text=True)
        if init.returncode != 0:
            pytest.skip(f"initdb failed: {(init.stderr or init.stdout).strip()[-300:]}")
        start = subprocess.run(pg_ctl + ["-l", str(base / "server.log"), "-w", "-t", "60", "-o",
                                         f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
                                         "start"], capture_output=True, text=True)
        if start.returncode != 0:
            log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
            pytest.skip(f"PostgreSQL did not start: {(start.stderr + log).strip()[-300:]}")
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(pg_ctl + ["-m", "fast", "-w", "stop"], capture_output=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def pg_database(server: str, prefix: str = "eventsift_test") -> Iterator[str]:
    """The URL of a new, empty database on a PostgreSQL server, dropped on leaving."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from eventsift.store.database import normalise_url

    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{os.getpid()}_{next(_pg_databases)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'create database "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database for one test, dropped after it."""
    from sqlalchemy.exc import DBAPIError

    database = pg_database(pg_server)
    try:
        url = database.__enter__()
    except DBAPIError as exc:
        pytest.skip(f"cannot create a test database on the PostgreSQL server: {exc.orig}")
    try:
        yield url
    finally:
        database.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh database on each backend: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/test.db"
    return request.getfixturevalue("pg_url")
