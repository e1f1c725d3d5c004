"""broadcasts: notices shown to every signed-in user (maintenance of the portal, R-OPS-1)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 23:11:31.739559
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "broadcast",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("source_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("title_vi", sa.Text(), nullable=False),
        sa.Column("body_vi", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=True),
        sa.Column("body_en", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visible_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast")),
        sa.UniqueConstraint("source_id", name=op.f("uq_broadcast_source_id")),
    )
    op.create_index(
        "ix_broadcast_visible",
        "broadcast",
        ["visible_until"],
        unique=False,
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )
    op.create_table(
        "broadcast_read",
        sa.Column("broadcast_id", sa.UUID(), nullable=False),
        sa.Column("recipient_subject", sa.String(length=128), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name=op.f("fk_broadcast_read_broadcast_id_broadcast"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "recipient_subject", name=op.f("pk_broadcast_read")),
    )


def downgrade() -> None:
    op.drop_table("broadcast_read")
    op.drop_index(
        "ix_broadcast_visible", table_name="broadcast", postgresql_where=sa.text("withdrawn_at IS NULL")
    )
    op.drop_table("broadcast")
