"""Attempts: a question of a finished session answered again from its report (PRAGMA user_version 3).

Revision ID: 0003_attempts
Revises: 0002_owner_summary
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from services.storage.ddl import create_index, has_table

revision = "0003_attempts"
down_revision = "0002_owner_summary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_table("attempts"):
        op.create_table(
            "attempts",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("session_id", sa.Text, sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
            sa.Column("answer_index", sa.Integer, nullable=False),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("meta_json", sa.Text, nullable=False, server_default="{}"),
            sa.Column("created_at", sa.Float, nullable=False),
            sqlite_autoincrement=True,
        )
    create_index("attempts_by_session", "attempts", ["session_id", "id"])


def downgrade() -> None:
    op.drop_table("attempts")
