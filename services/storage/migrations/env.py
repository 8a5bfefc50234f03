"""Alembic's entry point: run the revisions on the connection Parley hands over (services/storage/migrate.py,
which also takes the advisory lock and stamps pre-Alembic SQLite files), or, from the `alembic` command line,
on DATABASE_URL (else the SQLite file PARLEY_DB) under the same advisory lock on PostgreSQL."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text


def migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            from services.storage.migrate import LOCK_KEY

            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        context.run_migrations()


def from_command_line() -> None:
    from services.storage.engine import database_url, normalise

    engine = create_engine(normalise(database_url()))
    with engine.connect() as connection:
        migrate(connection)
        connection.commit()
    engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    migrate(connection)  # the caller already holds the lock in this transaction; taking it again is harmless
else:
    from_command_line()
