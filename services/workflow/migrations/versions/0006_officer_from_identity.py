"""officer: active flag and the time of identity's latest account event (officials fed by identity)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "officer", sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False)
    )
    op.add_column("officer", sa.Column("described_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("officer", "described_at")
    op.drop_column("officer", "active")
