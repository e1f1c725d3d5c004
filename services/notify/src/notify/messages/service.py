"""Use cases on messages: creating them (once per source, recipient and channel) and reading them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import Channel
from notify.messages import repository
from notify.messages.errors import MessageNotFound
from notify.messages.models import REDACTED, WAKE_CHANNEL, Message, MessageAttempt, MessageStatus
from notify.messages.repository import MessageFilters
from notify.webhooks.models import WebhookSubscription
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7
from servicekit.http import InvalidCursor, decode_cursor, encode_cursor


@dataclass(frozen=True)
class NewMessage:
    source_id: uuid.UUID
    source_type: str
    recipient_subject: str | None
    recipient_name: str | None
    channel: Channel
    address: str | None
    dossier_id: uuid.UUID | None
    template_code: str
    template_id: uuid.UUID | None
    template_version: int | None
    language: str
    legal_notice: bool
    sensitive: bool
    subject: str | None
    body_text: str
    body_html: str | None
    status: MessageStatus = MessageStatus.QUEUED
    last_error: str | None = None
    simulated: bool = False
    subscription_id: uuid.UUID | None = None


async def create(session: AsyncSession, new: NewMessage) -> uuid.UUID | None:
    """Insert the message unless its (source, recipient, channel) exists; returns the new id or None.

    A queued message wakes the dispatchers when the transaction commits.
    """
    now = utcnow()
    queued = new.status == MessageStatus.QUEUED
    final_sensitive = new.sensitive and not queued
    result = await session.execute(
        pg_insert(Message)
        .values(
            id=uuid7(),
            source_id=new.source_id,
            source_type=new.source_type,
            recipient_subject=new.recipient_subject,
            recipient_name=new.recipient_name,
            channel=new.channel.value,
            address=new.address,
            dossier_id=new.dossier_id,
            template_code=new.template_code,
            template_id=new.template_id,
            template_version=new.template_version,
            language=new.language,
            legal_notice=new.legal_notice,
            sensitive=new.sensitive,
            simulated=new.simulated,
            subscription_id=new.subscription_id,
            subject=new.subject,
            body_text=REDACTED if final_sensitive else new.body_text,
            body_html=None if final_sensitive else new.body_html,
            status=new.status.value,
            attempts=0,
            next_attempt_at=now if queued else None,
            last_error=new.last_error,
            created_at=now,
            updated_at=now,
            failed_at=now if new.status == MessageStatus.PERMANENT_FAILURE else None,
        )
        .on_conflict_do_nothing()
        .returning(Message.id)
    )
    message_id = result.scalar_one_or_none()
    if message_id is not None and queued:
        await session.execute(select(func.pg_notify(WAKE_CHANNEL, "")))
    return message_id


async def list_messages(
    session: AsyncSession, *, filters: MessageFilters, limit: int, cursor: str | None
) -> tuple[list[Message], str | None]:
    after = None
    if cursor:
        created_at, message_id = decode_cursor(cursor, 2)
        try:
            after = (datetime.fromisoformat(created_at), uuid.UUID(message_id))
        except ValueError as exc:
            raise InvalidCursor() from exc
    rows = list(await repository.list_messages(session, filters=filters, after=after, limit=limit + 1))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].id])
    return rows, next_cursor


async def get_visible(
    session: AsyncSession, *, message_id: uuid.UUID, principal: Principal, operator: bool
) -> tuple[Message, list[MessageAttempt]]:
    """The message with its attempts, if an operator asks, it is the caller's own, or it is a
    delivery of the caller's webhook subscription."""
    message = await session.get(Message, message_id)
    if message is None or not (
        operator
        or message.recipient_subject == principal.subject
        or await _owns_subscription(session, message, principal)
    ):
        raise MessageNotFound(message_id=str(message_id))
    return message, list(await repository.attempts(session, message_id=message_id))


async def _owns_subscription(session: AsyncSession, message: Message, principal: Principal) -> bool:
    if message.subscription_id is None:
        return False
    subscription = await session.get(WebhookSubscription, message.subscription_id)
    return subscription is not None and subscription.owner_subject == principal.subject
