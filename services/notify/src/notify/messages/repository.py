"""Queries on messages; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
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
    subscription_id: uuid.UUID | None = None


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
    if filters.subscription_id is not None:
        query = query.where(Message.subscription_id == filters.subscription_id)
    if after is not None:
        query = query.where(tuple_(Message.created_at, Message.id) < tuple_(*after))
    query = query.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def attempts(session: AsyncSession, *, message_id: uuid.UUID) -> Sequence[MessageAttempt]:
    query = (
        select(MessageAttempt).where(MessageAttempt.message_id == message_id).order_by(MessageAttempt.number)
    )
    return (await session.scalars(query)).all()


async def count_since(
    session: AsyncSession,
    *,
    channel: Channel,
    since: datetime,
    recipient_subject: str | None = None,
    address: str | None = None,
    template_codes: Sequence[str] = (),
) -> int:
    """Messages on ``channel`` to a recipient (or an address) created since ``since``, skipped ones aside."""
    query = (
        select(func.count())
        .select_from(Message)
        .where(
            Message.channel == channel.value,
            Message.created_at >= since,
            Message.status != MessageStatus.SKIPPED.value,
        )
    )
    if recipient_subject is not None:
        query = query.where(Message.recipient_subject == recipient_subject)
    if address is not None:
        query = query.where(Message.address == address)
    if template_codes:
        query = query.where(Message.template_code.in_(template_codes))
    return int(await session.scalar(query) or 0)


async def oldest_since(
    session: AsyncSession, *, channel: Channel, address: str, since: datetime, template_codes: Sequence[str]
) -> datetime | None:
    """When the oldest counted message of the window was created (to say when the limit lifts)."""
    return await session.scalar(
        select(func.min(Message.created_at)).where(
            Message.channel == channel.value,
            Message.address == address,
            Message.created_at >= since,
            Message.status != MessageStatus.SKIPPED.value,
            Message.template_code.in_(template_codes),
        )
    )
