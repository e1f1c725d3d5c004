"""Inserting default templates from a data migration: version 1, published, checked like API saves.

Migrations import this (and the frozen default texts) so that each one inserts exactly the rows it
names; a broken default fails its migration rather than a later notice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from notify.kinds import KINDS
from notify.templates.defaults import DefaultTemplate
from notify.templates.rendering import TemplateSource, check

# The columns a data migration writes (a lightweight table: migrations never use the ORM models).
TEMPLATE_TABLE = sa.table(
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


def template_rows(
    defaults: Iterable[DefaultTemplate], *, seeded_by: str, now: datetime
) -> list[dict[str, Any]]:
    """One published version-1 row per default; raises if a default uses a variable its kind lacks."""
    rows = []
    for default in defaults:
        source = TemplateSource(default.channel, default.subject, default.body_text)
        rows.append(
            {
                "id": uuid.uuid4(),
                "code": default.code,
                "channel": default.channel.value,
                "language": default.language,
                "version": 1,
                "subject": default.subject,
                "body_text": default.body_text,
                "body_html": None,
                "placeholders": check(source, KINDS[default.code]),
                "published_at": now,
                "created_by": seeded_by,
                "created_at": now,
            }
        )
    return rows
