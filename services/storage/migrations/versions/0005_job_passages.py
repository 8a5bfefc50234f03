"""Job materials' passage vectors, kept by a hash of the model and the passage text (user_version 5).

Revision ID: 0005_job_passages
Revises: 0004_budgets
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from services.storage.ddl import has_table

revision = "0005_job_passages"
down_revision = "0004_budgets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not has_table("job_passages"):
        op.create_table(
            "job_passages",
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("model", sa.Text, nullable=False),
            sa.Column("dims", sa.Integer, nullable=False),
            sa.Column("vector", sa.LargeBinary, nullable=False),
            sa.Column("created_at", sa.Float, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("job_passages")
