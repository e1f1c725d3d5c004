"""Announcing and withdrawing broadcasts, and reading them as inbox entries of one user."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Select, and_, delete, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from notify.broadcasts.models import Broadcast, BroadcastRead
from notify.kinds import Channel
from notify.templates import service as templates
from notify.templates.rendering import render
from servicekit.db import utcnow

log = structlog.get_logger("notify.broadcasts")


@dataclass(frozen=True)
class Entry:
    """A broadcast as one user's inbox shows it."""

    id: uuid.UUID
    kind: str
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None
    dossier_id: None = None
    broadcast: bool = True


async def _render(
    session: AsyncSession,
    *,
    kind: str,
    variables: Mapping[str, Any],
    messages: Mapping[str, str | None],
    portal_url: str,
) -> dict[str, tuple[str, str]]:
    """Title and body per language ("vi" always, "en" when the kind has an English template)."""
    rendered: dict[str, tuple[str, str]] = {}
    for language in ("vi", "en"):
        template = await templates.for_message(session, code=kind, channel=Channel.IN_APP, language=language)
        if template is None or template.language != language:
            continue
        out = render(
            templates.source_of(template),
            {"recipient_name": None, "portal_url": portal_url, **variables},
            language=language,
        )
        note = messages.get(language) or messages.get("vi")
        body = f"{out.body_text}\n\n{note}" if note else out.body_text
        rendered[language] = (out.subject or "", body)
    return rendered


async def announce(
    session: AsyncSession,
    *,
    source_id: uuid.UUID,
    kind: str,
    variables: Mapping[str, Any],
    messages: Mapping[str, str | None],
    visible_until: datetime,
    portal_url: str,
) -> uuid.UUID | None:
    """Render the kind's in-app template in Vietnamese and English (the administrator's ``messages``
    after it) and store the broadcast once per ``source_id``; None when it existed or has no template."""
    rendered = await _render(
        session, kind=kind, variables=variables, messages=messages, portal_url=portal_url
    )
    if "vi" not in rendered:
        log.warning("broadcast_template_missing", kind=kind)
        return None
    title_en, body_en = rendered.get("en", (None, None))
    result = await session.execute(
        pg_insert(Broadcast)
        .values(
            source_id=source_id,
            kind=kind,
            title_vi=rendered["vi"][0],
            body_vi=rendered["vi"][1],
            title_en=title_en,
            body_en=body_en,
            created_at=utcnow(),
            visible_until=visible_until,
        )
        .on_conflict_do_nothing(index_elements=[Broadcast.source_id])
        .returning(Broadcast.id)
    )
    return result.scalar_one_or_none()


async def revise(
    session: AsyncSession,
    *,
    source_id: uuid.UUID,
    kind: str,
    variables: Mapping[str, Any],
    messages: Mapping[str, str | None],
    visible_until: datetime,
    portal_url: str,
) -> bool:
    """The announcement changed and lasts longer (an extended maintenance): re-rendered, shown until the
    new end, unread again for everyone. Ends only move later, so an older revision replayed after a
    newer one changes nothing; returns whether it changed the broadcast."""
    rendered = await _render(
        session, kind=kind, variables=variables, messages=messages, portal_url=portal_url
    )
    if "vi" not in rendered:
        log.warning("broadcast_template_missing", kind=kind)
        return False
    title_en, body_en = rendered.get("en", (None, None))
    result = await session.execute(
        update(Broadcast)
        .where(
            Broadcast.source_id == source_id,
            Broadcast.withdrawn_at.is_(None),
            Broadcast.visible_until < visible_until,
        )
        .values(
            title_vi=rendered["vi"][0],
            body_vi=rendered["vi"][1],
            title_en=title_en,
            body_en=body_en,
            visible_until=visible_until,
        )
        .returning(Broadcast.id)
    )
    changed = result.scalar_one_or_none()
    if changed is None:
        return False
    await session.execute(delete(BroadcastRead).where(BroadcastRead.broadcast_id == changed))
    return True


async def withdraw(session: AsyncSession, *, source_id: uuid.UUID) -> None:
    """No longer shown (the maintenance was cancelled); already read or not, it leaves every inbox."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.source_id == source_id, Broadcast.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow())
    )


def _visible(now: datetime) -> Any:
    return and_(Broadcast.withdrawn_at.is_(None), Broadcast.visible_until > now)


def _entries(recipient: str, now: datetime) -> Select[Broadcast, datetime]:
    return (
        select(Broadcast, BroadcastRead.read_at)
        .outerjoin(
            BroadcastRead,
            and_(BroadcastRead.broadcast_id == Broadcast.id, BroadcastRead.recipient_subject == recipient),
        )
        .where(_visible(now))
    )


def _entry(row: Broadcast, read_at: datetime | None, language: str) -> Entry:
    english = language == "en" and row.title_en is not None and row.body_en is not None
    return Entry(
        id=row.id,
        kind=row.kind,
        title=(row.title_en if english else row.title_vi) or "",
        body=(row.body_en if english else row.body_vi) or "",
        created_at=row.created_at,
        read_at=read_at,
    )


async def entries(
    session: AsyncSession,
    *,
    recipient: str,
    language: str,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
    now: datetime | None = None,
) -> list[Entry]:
    """Visible broadcasts, newest first, before the cursor position (same order as the inbox)."""
    query = _entries(recipient, now or utcnow())
    if before is not None:
        query = query.where(tuple_(Broadcast.created_at, Broadcast.id) < tuple_(*before))
    query = query.order_by(Broadcast.created_at.desc(), Broadcast.id.desc()).limit(limit)
    rows: Sequence[Any] = (await session.execute(query)).all()
    return [_entry(row, read_at, language) for row, read_at in rows]


async def unread_count(session: AsyncSession, *, recipient: str, now: datetime | None = None) -> int:
    query = (
        select(func.count())
        .select_from(Broadcast)
        .outerjoin(
            BroadcastRead,
            and_(BroadcastRead.broadcast_id == Broadcast.id, BroadcastRead.recipient_subject == recipient),
        )
        .where(_visible(now or utcnow()), BroadcastRead.read_at.is_(None))
    )
    return int(await session.scalar(query) or 0)


async def mark_read(
    session: AsyncSession, *, recipient: str, broadcast_id: uuid.UUID, language: str
) -> Entry | None:
    """Mark a visible broadcast read for this user; None if there is no such visible broadcast."""
    now = utcnow()
    row = await session.scalar(select(Broadcast).where(Broadcast.id == broadcast_id, _visible(now)))
    if row is None:
        return None
    await session.execute(
        pg_insert(BroadcastRead)
        .values(broadcast_id=broadcast_id, recipient_subject=recipient, read_at=now)
        .on_conflict_do_nothing()
    )
    read_at = await session.scalar(
        select(BroadcastRead.read_at).where(
            BroadcastRead.broadcast_id == broadcast_id, BroadcastRead.recipient_subject == recipient
        )
    )
    return _entry(row, read_at, language)
