"""Which database: DATABASE_URL, or [connections.parley] in secrets.toml (st.connection's convention), else the
SQLite file; a Neon/Supabase-style postgres:// URL is driven by psycopg 3, and a password is never shown."""
from __future__ import annotations

from config import load_settings
from services.storage.engine import database_url, normalise, shown


def test_sqlite_is_the_default():
    settings = load_settings(env={"PARLEY_DB": "/tmp/p/parley.db"}, secrets={})
    assert database_url(settings) == "/tmp/p/parley.db"
    assert normalise(database_url(settings)).get_backend_name() == "sqlite"


def test_database_url_from_the_environment_wins():
    settings = load_settings(env={"DATABASE_URL": "postgresql://u:secret@db.example/parley"},
                             secrets={"connections": {"parley": {"url": "postgresql://other/x"}}})
    assert database_url(settings) == "postgresql://u:secret@db.example/parley"


def test_connections_parley_url_in_secrets():
    secrets = {"connections": {"parley": {"url": "postgres://u:secret@ep-x.neon.tech/parley?sslmode=require"}}}
    url = normalise(database_url(load_settings(env={}, secrets=secrets)))
    assert url.drivername == "postgresql+psycopg" and url.host == "ep-x.neon.tech"
    assert url.query["sslmode"] == "require"
    assert "secret" not in shown(url) and "ep-x.neon.tech" in shown(url)


def test_connections_parley_parts_in_secrets():
    secrets = {"connections": {"parley": {"dialect": "postgresql", "host": "db.supabase.co", "port": 5432,
                                          "database": "postgres", "username": "parley", "password": "p@ss"}}}
    url = normalise(database_url(load_settings(env={}, secrets=secrets)))
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql+psycopg", "db.supabase.co", 5432, "postgres", "parley", "p@ss")


def test_daily_cap_and_pool_settings():
    settings = load_settings(env={"PARLEY_DAILY_CALLS": "500", "DB_POOL_TIMEOUT_S": "2.5"}, secrets={})
    assert settings.parley_daily_calls == 500 and settings.db_pool_timeout_s == 2.5
    assert load_settings(env={}, secrets={}).parley_daily_calls == 0  # no cap unless asked
