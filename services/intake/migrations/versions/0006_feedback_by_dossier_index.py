"""feedback by dossier: an index for the feedback about one dossier, newest first

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
    op.create_index(
        "ix_feedback_dossier",
        "feedback",
        ["dossier_id", "submitted_at", "id"],
        unique=False,
        postgresql_where=sa.text("dossier_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_feedback_dossier", table_name="feedback", postgresql_where=sa.text("dossier_id IS NOT NULL")
    )
