"""LLM budgets in the database: a token bucket per visitor and a count of calls per UTC day (user_version 4).

Revision ID: 0004_budgets
Revises: 0003_attempts
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from services.storage.ddl import has_table

revision = "0004_budgets"
down_revision = "0003_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_table("budgets"):
        op.create_table(
            "budgets",
            sa.Column("owner", sa.Text, primary_key=True),
            sa.Column("tokens", sa.Float, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False),
        )
    if not has_table("daily_calls"):
        op.create_table(
            "daily_calls",
            sa.Column("day", sa.Text, primary_key=True),
            sa.Column("calls", sa.Integer, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("daily_calls")
    op.drop_table("budgets")
