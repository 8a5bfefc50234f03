"""Sessions belong to a visitor (owner) and keep their rolling summary (PRAGMA user_version 2).

Revision ID: 0002_owner_summary
Revises: 0001_sessions_turns
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from services.storage.ddl import create_index, has_column

revision = "0002_owner_summary"
down_revision = "0001_sessions_turns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("owner", "summary_json"):
        if not has_column("sessions", column):
            op.add_column("sessions", sa.Column(column, sa.Text))
    create_index("sessions_by_owner", "sessions", ["owner", "updated_at"])


def downgrade() -> None:
    op.drop_index("sessions_by_owner", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("summary_json")
        batch.drop_column("owner")
