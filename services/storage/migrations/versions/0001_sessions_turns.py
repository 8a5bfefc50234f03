"""Sessions and their turns (the first schema, PRAGMA user_version 1).

Revision ID: 0001_sessions_turns
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from services.storage.ddl import create_index, has_table

revision = "0001_sessions_turns"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_table("sessions"):
        op.create_table(
            "sessions",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("mode", sa.Text, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("spec_json", sa.Text, nullable=False),
            sa.Column("created_at", sa.Float, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False),
            sa.Column("ended_at", sa.Float),
            sa.Column("report_json", sa.Text),
        )
    if not has_table("turns"):
        op.create_table(
            "turns",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
            sa.Column("role", sa.Text, sa.CheckConstraint("role IN ('user', 'assistant')"), nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("meta_json", sa.Text, nullable=False, server_default="{}"),
            sa.Column("created_at", sa.Float, nullable=False),
            sqlite_autoincrement=True,
        )
    create_index("turns_by_session", "turns", ["session_id", "id"])
    create_index("sessions_by_time", "sessions", ["updated_at"])


def downgrade() -> None:
    op.drop_table("turns")
    op.drop_table("sessions")
