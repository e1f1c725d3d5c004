"""Queries on messages; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import Channel
from notify.messages.models import Message, MessageAttempt, MessageStatus


@dataclass(frozen=True)
class MessageFilters:
    recipient_subject: str | None = None
    status: MessageStatus | None = None
    channel: Channel | None = None
    template_code: str | None = None
    dossier_id: uuid.UUID | None = None


async def list_messages(
    session: AsyncSession,
    *,
    filters: MessageFilters,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[Message]:
    """Newest first, keyset-paginated on (created_at, id)."""
    query = select(Message)
    if filters.recipient_subject is not None:
        query = query.where(Message.recipient_subject == filters.recipient_subject)
    if filters.status is not None:
        query = query.where(Message.status == filters.status.value)
    if filters.channel is not None:
        query = query.where(Message.channel == filters.channel.value)
    if filters.template_code is not None:
        query = query.where(Message.template_code == filters.template_code)
    if filters.dossier_id is not None:
        query = query.where(Message.dossier_id == filters.dossier_id)
    if after is not None:
        query = query.where(tuple_(Message.created_at, Message.id) < tuple_(*after))
    query = query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def attempts(session: AsyncSession, *, message_id: uuid.UUID) -> Sequence[MessageAttempt]:
    query = (
        select(MessageAttempt).where(MessageAttempt.message_id == message_id).order_by(MessageAttempt.number)
    )
    return (await session.scalars(query)).all()
