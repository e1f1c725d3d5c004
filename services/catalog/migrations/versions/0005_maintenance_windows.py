"""maintenance windows of the portal (R-OPS-1)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 23:01:33.752498
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "maintenance_window",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expected_end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_vi", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scheduled_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_by", sa.String(length=128), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_window")),
    )
    op.create_index(
        "ix_maintenance_window_scheduled_end",
        "maintenance_window",
        ["expected_end_at"],
        unique=False,
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.create_index("ix_maintenance_window_starts", "maintenance_window", ["starts_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_maintenance_window_starts", table_name="maintenance_window")
    op.drop_index(
        "ix_maintenance_window_scheduled_end",
        table_name="maintenance_window",
        postgresql_where=sa.text("status = 'scheduled'"),
    )
    op.drop_table("maintenance_window")
