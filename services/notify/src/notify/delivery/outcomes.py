"""Recording what a send attempt gave: the attempt log, the message's next state, and its event.

Runs in its own short transaction after the send. Fenced: the outcome is applied only while the
message is still ``sending`` with this attempt number, so a sender that was presumed crashed (and
whose message was claimed again) cannot overwrite the newer attempt's state.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    MESSAGE_DELIVERED,
    MESSAGE_FAILED,
    MessageDelivered,
    MessageFailed,
    NotificationChannel,
)
from notify.channels.base import SendOutcome, SendResult
from notify.delivery.backoff import RetryPolicy
from notify.delivery.metrics import QUEUE_SECONDS, SEND_ATTEMPTS
from notify.messages.models import REDACTED, Message, MessageAttempt, MessageStatus
from servicekit.outbox import Outbox

log = structlog.get_logger("notify.delivery")


async def record_outcome(
    session: AsyncSession,
    outbox: Outbox,
    *,
    message_id: uuid.UUID,
    attempt: int,
    result: SendResult,
    policy: RetryPolicy,
    now: datetime,
) -> MessageStatus | None:
    """Apply ``result`` of try number ``attempt``; returns the new status (None if fenced off)."""
    await session.execute(
        update(MessageAttempt)
        .where(MessageAttempt.message_id == message_id, MessageAttempt.number == attempt)
        .values(
            finished_at=now,
            outcome=result.outcome.value,
            error=_clip(result.error),
            provider_response=_clip(result.provider_response),
        )
    )
    message = (
        await session.scalars(
            select(Message)
            .where(
                Message.id == message_id,
                Message.status == MessageStatus.SENDING.value,
                Message.attempts == attempt,
            )
            .with_for_update()
        )
    ).first()
    if message is None:
        log.warning("delivery_outcome_fenced", message_id=str(message_id), attempt=attempt)
        return None
    message.sending_since = None
    message.updated_at = now
    message.provider_id = result.provider_id or message.provider_id
    if result.outcome == SendOutcome.DELIVERED:
        await _delivered(session, outbox, message, now)
    elif result.outcome == SendOutcome.ACCEPTED:
        message.status = MessageStatus.ACCEPTED.value
        message.next_attempt_at = None
    elif result.outcome == SendOutcome.TEMPORARY_FAILURE:
        retry_at = policy.next_attempt_at(
            attempts=attempt, created_at=message.created_at, now=now, spread=random.random()
        )
        message.last_error = _clip(result.error)
        if retry_at is None:
            await _failed(
                session, outbox, message, now, f"gave up after {attempt} attempt(s): {result.error}"
            )
        else:
            message.status = MessageStatus.TEMPORARY_FAILURE.value
            message.next_attempt_at = retry_at
    else:
        await _failed(session, outbox, message, now, result.error or "permanent failure")
    SEND_ATTEMPTS.labels(message.channel, result.outcome.value).inc()
    if message.status in (MessageStatus.DELIVERED.value, MessageStatus.PERMANENT_FAILURE.value):
        QUEUE_SECONDS.labels(message.channel, message.status).observe(
            (now - message.created_at).total_seconds()
        )
    if message.sensitive and message.status != MessageStatus.TEMPORARY_FAILURE.value:
        redact(message)
    await session.flush()
    log.info(
        "message_attempt_recorded",
        message_id=str(message.id),
        channel=message.channel,
        template_code=message.template_code,
        attempt=attempt,
        outcome=result.outcome.value,
        status=message.status,
    )
    return MessageStatus(message.status)


def redact(message: Message) -> None:
    """Drop a sensitive body (an OTP code) once nothing will send it again."""
    message.body_text = REDACTED
    message.body_html = None


async def _delivered(session: AsyncSession, outbox: Outbox, message: Message, now: datetime) -> None:
    message.status = MessageStatus.DELIVERED.value
    message.delivered_at = now
    message.next_attempt_at = None
    message.last_error = None
    await outbox.add(
        session,
        MESSAGE_DELIVERED,
        MessageDelivered(**_event_fields(message, now)),
        key=_key(message),
        subject=str(message.id),
    )


async def _failed(session: AsyncSession, outbox: Outbox, message: Message, now: datetime, error: str) -> None:
    message.status = MessageStatus.PERMANENT_FAILURE.value
    message.failed_at = now
    message.next_attempt_at = None
    message.last_error = _clip(error)
    await outbox.add(
        session,
        MESSAGE_FAILED,
        MessageFailed(**_event_fields(message, now), error=_clip(error) or "failed"),
        key=_key(message),
        subject=str(message.id),
    )


def _event_fields(message: Message, now: datetime) -> dict[str, object]:
    return {
        "message_id": message.id,
        "channel": NotificationChannel(message.channel),
        "template_code": message.template_code,
        "recipient_subject": message.recipient_subject,
        "dossier_id": message.dossier_id,
        "attempts": max(1, message.attempts),
        "occurred_at": now,
    }


def _key(message: Message) -> str:
    # Keyed by dossier when there is one, so a dossier's notices keep their order for consumers.
    return str(message.dossier_id or message.id)


def _clip(text: str | None, size: int = 2000) -> str | None:
    return text[:size] if text else text


async def apply_delivery_report(
    session: AsyncSession,
    outbox: Outbox,
    *,
    channel: str,
    provider_id: str,
    delivered: bool,
    error: str | None,
    now: datetime,
    message_id: uuid.UUID | None = None,
) -> Message | None:
    """A provider's final report on a message (the SMS callback's seam); None when nothing to apply.

    Found by the provider's id on an ``accepted`` message; else, when the provider echoes our id
    (``message_id``: eSMS's RequestId), on a message not final yet — the report can overtake the
    recording of the send's answer, or follow a send we saw time out although the provider took
    it. An in-flight attempt's own outcome is then fenced off (the message is no longer sending).
    """
    message = (
        await session.scalars(
            select(Message)
            .where(
                Message.channel == channel,
                Message.provider_id == provider_id,
                Message.status == MessageStatus.ACCEPTED.value,
            )
            .with_for_update()
        )
    ).first()
    if message is None and message_id is not None:
        message = (
            await session.scalars(
                select(Message)
                .where(
                    Message.id == message_id,
                    Message.channel == channel,
                    Message.status.in_(_UNREPORTED),
                )
                .with_for_update()
            )
        ).first()
    if message is None:
        return None
    message.updated_at = now
    message.provider_id = provider_id
    message.sending_since = None
    if delivered:
        await _delivered(session, outbox, message, now)
    else:
        await _failed(session, outbox, message, now, error or "provider reported a failure")
    QUEUE_SECONDS.labels(message.channel, message.status).observe((now - message.created_at).total_seconds())
    if message.sensitive:
        redact(message)
    await session.flush()
    log.info(
        "delivery_report_applied",
        message_id=str(message.id),
        channel=channel,
        template_code=message.template_code,
        status=message.status,
    )
    return message


_UNREPORTED = (
    MessageStatus.QUEUED.value,
    MessageStatus.SENDING.value,
    MessageStatus.TEMPORARY_FAILURE.value,
    MessageStatus.ACCEPTED.value,
)
