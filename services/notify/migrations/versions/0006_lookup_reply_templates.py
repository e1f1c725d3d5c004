"""default templates of the inbound SMS lookup's answer (sms.lookup_reply), in Vietnamese and English

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from notify.kinds import KINDS
from notify.templates.defaults.lookup import CODE, lookup_templates
from notify.templates.rendering import TemplateSource, check

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEEDED_BY = "system:migration-0006"

template = sa.table(
    "message_template",
    sa.column("id", sa.UUID()),
    sa.column("code", sa.String()),
    sa.column("channel", sa.String()),
    sa.column("language", sa.String()),
    sa.column("version", sa.Integer()),
    sa.column("subject", sa.Text()),
    sa.column("body_text", sa.Text()),
    sa.column("body_html", sa.Text()),
    sa.column("placeholders", postgresql.JSONB()),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("created_by", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    now = datetime.now(UTC)
    rows = []
    for default in lookup_templates():
        source = TemplateSource(default.channel, default.subject, default.body_text)
        rows.append(
            {
                "id": uuid.uuid4(),
                "code": default.code,
                "channel": default.channel.value,
                "language": default.language,
                "version": 1,
                "subject": None,
                "body_text": default.body_text,
                "body_html": None,
                "placeholders": check(source, KINDS[CODE]),
                "published_at": now,
                "created_by": SEEDED_BY,
                "created_at": now,
            }
        )
    op.bulk_insert(template, rows)


def downgrade() -> None:
    op.execute(sa.delete(template).where(template.c.code == CODE, template.c.created_by == SEEDED_BY))
