"""Which database, and an SQLAlchemy engine for it with bounded waits.

A plain path (or `sqlite:///...`) is the embedded SQLite file: one short-lived connection per operation
(NullPool), WAL, foreign keys on, a busy timeout. A `postgresql://` URL is a shared server reached with
psycopg 3 through a small pool: `pool_pre_ping` notices a connection the server dropped (a restart) before
it is used, `pool_timeout` bounds the wait for a free connection, and `statement_timeout` bounds a
statement that stalls, so a page is never left hanging.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool


@dataclass(frozen=True)
class Limits:
    """How long to wait, and how many connections one process keeps (PostgreSQL only)."""

    pool_size: int = 5
    max_overflow: int = 5
    pool_timeout_s: float = 5.0  # waiting for a free connection of this process's pool
    statement_timeout_s: float = 10.0  # one statement on the server
    connect_timeout_s: float = 3.0  # reaching the server at all


def database_url(settings=None) -> str:
    """DATABASE_URL (or the [connections.parley] secret) when set, else the SQLite file PARLEY_DB."""
    if settings is None:
        from config import get_settings

        settings = get_settings()
    return settings.database_url or str(settings.parley_db)


def is_url(target: str) -> bool:
    return "://" in target


def normalise(target: str) -> URL:
    """A path or URL as an SQLAlchemy URL; a bare `postgres://` or `postgresql://` (Neon, Supabase, Heroku
    style) is driven by psycopg 3, the driver Parley ships."""
    if not is_url(target):
        return URL.create("sqlite", database=str(Path(target).expanduser()) if target != ":memory:" else target)
    url = make_url(target.replace("postgres://", "postgresql://", 1) if target.startswith("postgres://") else target)
    if url.drivername in ("postgresql", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def shown(url: URL) -> str:
    """The URL as it may be shown to a person: never the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True).replace("+psycopg", "")


def sqlite_engine(url: URL, opener: Callable[[], sqlite3.Connection]) -> Engine:
    """SQLite through `opener` (Store._open), a new connection per operation, as the app always did."""
    engine = create_engine(url, creator=opener, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    return engine


def postgres_engine(url: URL, limits: Limits) -> Engine:
    statement_ms = max(1, int(limits.statement_timeout_s * 1000))
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=limits.pool_size,
        max_overflow=limits.max_overflow,
        pool_timeout=limits.pool_timeout_s,
        pool_recycle=1800,
        connect_args={"connect_timeout": max(1, round(limits.connect_timeout_s)),
                      "options": f"-c statement_timeout={statement_ms} -c lock_timeout={statement_ms}",
                      "application_name": "parley"},
    )
