"""Alembic's entry point: run the revisions on the connection Parley hands over (services/storage/migrate.py),
or, from the `alembic` command line, on DATABASE_URL (else the SQLite file PARLEY_DB)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=None, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    from services.storage.engine import database_url  # the command line: the app's own choice of database

    engine = create_engine(database_url())
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=None, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()
    engine.dispose()


run()
