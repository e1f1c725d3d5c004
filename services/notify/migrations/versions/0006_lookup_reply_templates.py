"""default templates of the inbound SMS lookup's answer (sms.lookup_reply), in Vietnamese and English

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from notify.templates.defaults.lookup import CODE, lookup_templates
from notify.templates.defaults.seeding import TEMPLATE_TABLE as template
from notify.templates.defaults.seeding import template_rows

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEEDED_BY = "system:migration-0006"


def upgrade() -> None:
    op.bulk_insert(template, template_rows(lookup_templates(), seeded_by=SEEDED_BY, now=datetime.now(UTC)))


def downgrade() -> None:
    op.execute(sa.delete(template).where(template.c.code == CODE, template.c.created_by == SEEDED_BY))
