"""default templates of a failed payment attempt and a waived payment, in Vietnamese and English

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from notify.templates.defaults.payments import payment_outcome_templates
from notify.templates.defaults.seeding import TEMPLATE_TABLE as template
from notify.templates.defaults.seeding import template_rows

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEEDED_BY = "system:migration-0008"


def upgrade() -> None:
    rows = template_rows(payment_outcome_templates(), seeded_by=SEEDED_BY, now=datetime.now(UTC))
    op.bulk_insert(template, rows)


def downgrade() -> None:
    op.execute(sa.delete(template).where(template.c.created_by == SEEDED_BY))
