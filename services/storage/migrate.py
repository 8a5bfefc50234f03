"""Bring a database to the newest schema with Alembic, once, whoever gets there first.

PostgreSQL: the whole upgrade runs in one transaction that first takes an advisory lock, so replicas starting
together on an empty database queue up; the first migrates, the others then find it done (DDL is
transactional there, so a replica that dies half-way leaves nothing half-made).

SQLite: a file from a Parley before Alembic carries its version in PRAGMA user_version (0 for the builds
before versions, whose tables may already hold columns later revisions add: every revision is idempotent).
It is stamped at the matching revision and upgraded in place; nothing is copied or dropped.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from core.errors import StageError
from services.storage.schema import REVISIONS, SCHEMA_VERSION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x7061726C6579  # "parley": the advisory lock every replica takes before looking at the schema


class NewerSchema(Exception):
    """The database was written by a newer Parley (a revision or version this one does not know)."""

    def __init__(self, found):
        super().__init__(found)
        self.found = found


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def needs_upgrade(engine: Engine) -> bool:
    """Whether the schema is behind (a read-only look; raises NewerSchema when it is ahead)."""
    with engine.connect() as conn:
        return _start(conn) != REVISIONS[-1]


def upgrade(engine: Engine) -> bool:
    """Upgrade to the newest revision; True when this call applied any (False: already done, by anyone)."""
    sqlite = engine.dialect.name == "sqlite"
    if sqlite and needs_upgrade(engine):
        with engine.connect() as conn:  # outside any transaction: the journal mode cannot change inside one
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    with engine.begin() as conn:
        if not sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        start = _start(conn)
        if start == REVISIONS[-1]:
            return False
        config = alembic_config(conn)
        if start is not None and MigrationContext.configure(conn).get_current_revision() is None:
            command.stamp(config, start)  # a pre-Alembic SQLite file: record the version it already has
        command.upgrade(config, "head")
        if sqlite:
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return True


def _start(conn: Connection) -> str | None:
    """The revision the database is at (None: empty, or a pre-version SQLite file to upgrade from the start)."""
    if conn.dialect.name == "sqlite":
        version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
        if version > SCHEMA_VERSION:
            raise NewerSchema(version)
    current = MigrationContext.configure(conn).get_current_revision()
    if current is not None:
        if current not in REVISIONS:
            raise NewerSchema(current)
        return current
    if conn.dialect.name == "sqlite" and version and inspect(conn).has_table("sessions"):
        return REVISIONS[version - 1]
    return None


def newer_schema_error(found, where: str, setting: str) -> StageError:
    return StageError("storage", "newer_schema", f"The session database ({where}) was written by a newer version "
                      "of Parley. Update Parley to open it.",
                      details=f"Schema {found}; this version knows up to {SCHEMA_VERSION}. Or point {setting} at "
                              "another database.")
