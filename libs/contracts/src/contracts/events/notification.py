"""Events on the notification topic: what happened to a message notify tried to deliver."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr

__all__ = [
    "MESSAGE_DELIVERED",
    "MESSAGE_FAILED",
    "MessageDelivered",
    "MessageEvent",
    "MessageFailed",
    "NotificationChannel",
]

MESSAGE_DELIVERED = "vn.motcua.message.delivered.v1"
MESSAGE_FAILED = "vn.motcua.message.failed.v1"


class NotificationChannel(StrEnum):
    """Where a message goes (R-NOTI-3)."""

    EMAIL = "email"
    SMS = "sms"
    IN_APP = "in_app"
    WEBHOOK = "webhook"


class MessageEvent(EventPayload):
    """Fields every message event carries. No message body: it may hold personal data."""

    message_id: UUID
    channel: NotificationChannel
    template_code: NonEmptyStr
    recipient_subject: NonEmptyStr | None = Field(
        default=None, description="Account subject of the recipient; absent for webhooks."
    )
    dossier_id: UUID | None = Field(default=None, description="The dossier the message is about, if any.")
    attempts: int = Field(ge=1)
    occurred_at: AwareDatetime


class MessageDelivered(MessageEvent):
    """The channel accepted the message (SMTP accepted, SMS provider acknowledged, webhook 2xx)."""


class MessageFailed(MessageEvent):
    """Delivery failed for good after its retries."""

    error: NonEmptyStr
