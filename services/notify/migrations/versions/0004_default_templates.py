"""default templates: version 1 of every notice, in Vietnamese and English, for email, in-app and SMS

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from notify.templates.defaults import default_templates
from notify.templates.defaults.seeding import TEMPLATE_TABLE as template
from notify.templates.defaults.seeding import template_rows

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEEDED_BY = "system:migration-0004"


def upgrade() -> None:
    op.bulk_insert(template, template_rows(default_templates(), seeded_by=SEEDED_BY, now=datetime.now(UTC)))


def downgrade() -> None:
    op.execute(sa.delete(template).where(template.c.version == 1, template.c.created_by == SEEDED_BY))
