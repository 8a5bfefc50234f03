"""The tables, as SQLAlchemy Core objects that queries are built from (the same on SQLite and PostgreSQL).

Migrations (services/storage/migrations) create and change them; this module only describes the newest
shape. SCHEMA_VERSION counts the revisions: on SQLite it is also written to PRAGMA user_version, so an
older Parley that still reads that number refuses a newer file instead of misreading it.
"""
from __future__ import annotations

from sqlalchemy import (CheckConstraint, Column, Float, ForeignKey, Integer, LargeBinary, MetaData, Table,
                        Text)

metadata = MetaData()

sessions = Table(
    "sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("mode", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("spec_json", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("ended_at", Float),
    Column("report_json", Text),
    Column("owner", Text),
    Column("summary_json", Text),
)

turns = Table(
    "turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, CheckConstraint("role IN ('user', 'assistant')"), nullable=False),
    Column("content", Text, nullable=False),
    Column("meta_json", Text, nullable=False, server_default="{}"),
    Column("created_at", Float, nullable=False),
    sqlite_autoincrement=True,
)

attempts = Table(
    "attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", Text, ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("answer_index", Integer, nullable=False),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("meta_json", Text, nullable=False, server_default="{}"),
    Column("created_at", Float, nullable=False),
    sqlite_autoincrement=True,
)

# LLM budgets: one token bucket per visitor (not per tab or replica), and one count of calls per UTC day.
budgets = Table(
    "budgets", metadata,
    Column("owner", Text, primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

daily_calls = Table(
    "daily_calls", metadata,
    Column("day", Text, primary_key=True),
    Column("calls", Integer, nullable=False),
)

# Vectors of job materials' passages, keyed by a hash of the model and the passage's text, so the next session of
# the same job (after a restart, on another replica) reuses them without embedding again. No text is stored:
# only someone who has the passage can find its vector.
job_passages = Table(
    "job_passages", metadata,
    Column("key", Text, primary_key=True),  # sha256 of the model's fingerprint and the passage text, hex
    Column("model", Text, nullable=False),  # the fingerprint, so vectors of a replaced model can be pruned
    Column("dims", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
    Column("created_at", Float, nullable=False),
)

# Alembic revision ids, oldest first; their position + 1 is the schema version (PRAGMA user_version on SQLite).
REVISIONS = ("0001_sessions_turns", "0002_owner_summary", "0003_attempts", "0004_budgets", "0005_job_passages")
SCHEMA_VERSION = len(REVISIONS)
