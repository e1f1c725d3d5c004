"""indexes for queue counts and retention

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_sync_attempt_finished_at"), "sync_attempt", ["finished_at"], unique=False)
    op.create_index(
        "ix_sync_job_finished",
        "sync_job",
        ["updated_at"],
        unique=False,
        postgresql_where=sa.text("state IN ('sent', 'superseded')"),
    )
    op.create_index(
        "ix_sync_job_waiting",
        "sync_job",
        ["state", "created_at"],
        unique=False,
        postgresql_where=sa.text("state IN ('held', 'pending', 'parked')"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_sync_job_waiting",
        table_name="sync_job",
        postgresql_where=sa.text("state IN ('held', 'pending', 'parked')"),
    )
    op.drop_index(
        "ix_sync_job_finished",
        table_name="sync_job",
        postgresql_where=sa.text("state IN ('sent', 'superseded')"),
    )
    op.drop_index(op.f("ix_sync_attempt_finished_at"), table_name="sync_attempt")
