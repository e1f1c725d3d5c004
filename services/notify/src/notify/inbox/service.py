"""Recording notices in the inbox and reading them back."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from notify.broadcasts import service as broadcasts
from notify.inbox.models import InboxMessage
from servicekit.db import utcnow, uuid7
from servicekit.errors import NotFound
from servicekit.http import decode_cursor, encode_cursor
from servicekit.i18n import Text


class MessageNotFound(NotFound):
    code = "message_not_found"
    title = Text("Không tìm thấy thông báo", "Message not found")


async def record(
    session: AsyncSession,
    *,
    recipient: str,
    message_id: uuid.UUID,
    kind: str,
    title: str,
    body: str,
    dossier_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """The inbox entry of this message, added unless it exists already; returns its id."""
    result = await session.execute(
        pg_insert(InboxMessage)
        .values(
            id=uuid7(),
            recipient_subject=recipient,
            message_id=message_id,
            kind=kind,
            dossier_id=dossier_id,
            title=title,
            body=body,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=[InboxMessage.message_id])
        .returning(InboxMessage.id)
    )
    added = result.scalar_one_or_none()
    if added is not None:
        return added
    existing = await session.scalar(select(InboxMessage.id).where(InboxMessage.message_id == message_id))
    assert existing is not None
    return existing


async def list_for(
    session: AsyncSession, *, recipient: str, limit: int, cursor: str | None, language: str = "vi"
) -> tuple[list[InboxMessage | broadcasts.Entry], str | None]:
    """The user's own entries and the broadcasts shown to everyone, newest first, in one cursor order."""
    query = select(InboxMessage).where(InboxMessage.recipient_subject == recipient)
    before: tuple[datetime, uuid.UUID] | None = None
    if cursor:
        created_at, message_id = decode_cursor(cursor, 2)
        before = (datetime.fromisoformat(created_at), uuid.UUID(message_id))
        query = query.where(tuple_(InboxMessage.created_at, InboxMessage.id) < tuple_(*before))
    query = query.order_by(InboxMessage.created_at.desc(), InboxMessage.id.desc()).limit(limit + 1)
    own = list((await session.scalars(query)).all())
    shared = await broadcasts.entries(
        session, recipient=recipient, language=language, before=before, limit=limit + 1
    )
    merged: list[InboxMessage | broadcasts.Entry] = [*own, *shared]
    rows = sorted(merged, key=lambda r: (r.created_at, r.id), reverse=True)[: limit + 1]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].id])
    return rows, next_cursor


async def unread_count(session: AsyncSession, *, recipient: str) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(InboxMessage)
        .where(InboxMessage.recipient_subject == recipient, InboxMessage.read_at.is_(None))
    )
    return int(count or 0) + await broadcasts.unread_count(session, recipient=recipient)


async def mark_read(
    session: AsyncSession, *, recipient: str, message_id: uuid.UUID, language: str = "vi"
) -> InboxMessage | broadcasts.Entry:
    message = await session.get(InboxMessage, message_id)
    if message is None or message.recipient_subject != recipient:
        shared = await broadcasts.mark_read(
            session, recipient=recipient, broadcast_id=message_id, language=language
        )
        if shared is None:
            raise MessageNotFound()
        return shared
    if message.read_at is None:
        await session.execute(
            update(InboxMessage).where(InboxMessage.id == message_id).values(read_at=utcnow())
        )
        await session.refresh(message)
    return message
