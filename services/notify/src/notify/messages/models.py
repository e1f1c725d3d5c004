"""Message and attempt rows.

States (``MessageStatus``): ``queued`` → ``sending`` → ``delivered`` | ``accepted`` (a provider
reports later) | ``temporary_failure`` (retried at ``next_attempt_at``) | ``permanent_failure``;
``skipped`` records a message that was not sent, with the reason in ``last_error`` (no known address,
over a recipient's rate limit) — no attempt is made. A ``simulated`` message (test mode) goes through
the same states but no provider is contacted.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from notify.db import Base
from servicekit.db import utcnow, uuid7


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary_failure"
    PERMANENT_FAILURE = "permanent_failure"
    SKIPPED = "skipped"


DUE_STATUSES = (MessageStatus.QUEUED.value, MessageStatus.TEMPORARY_FAILURE.value)
FINAL_STATUSES = frozenset(
    {MessageStatus.DELIVERED, MessageStatus.PERMANENT_FAILURE, MessageStatus.SKIPPED, MessageStatus.ACCEPTED}
)
REDACTED = "[nội dung đã được ẩn / content redacted]"
# NOTIFY channel that wakes the dispatchers when a queued message commits.
WAKE_CHANNEL = "motcua_notify_messages"


class Message(Base):
    __tablename__ = "message"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    # What caused it: an event id (or, for direct sends, the request's id) and its type.
    source_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    source_type: Mapped[str] = mapped_column(String(128))
    recipient_subject: Mapped[str | None] = mapped_column(String(128))
    recipient_name: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(Text)
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    template_code: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    template_version: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    legal_notice: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sensitive messages (OTP codes) have their body replaced by REDACTED once final.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    # Test mode (a test API client or subscription): delivered without contacting any provider.
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Webhook deliveries: the subscription (no foreign key: the history outlives a deleted one).
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    subject: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), default=MessageStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sending_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # A duplicated triggering event can never make a second message (and so never a second send).
        UniqueConstraint(
            "source_id",
            "recipient_subject",
            "channel",
            "subscription_id",
            postgresql_nulls_not_distinct=True,
        ),
        Index(
            "ix_message_due",
            "next_attempt_at",
            postgresql_where=text("status IN ('queued', 'temporary_failure')"),
        ),
        Index("ix_message_sending", "sending_since", postgresql_where=text("status = 'sending'")),
        Index("ix_message_status_created", "status", "created_at", "id"),
        Index("ix_message_recipient_created", "recipient_subject", "created_at", "id"),
        # Rate limits per address (OTP codes) and a subscription's delivery log.
        Index("ix_message_address_created", "channel", "address", "created_at"),
        Index(
            "ix_message_subscription_created",
            "subscription_id",
            "created_at",
            "id",
            postgresql_where=text("subscription_id IS NOT NULL"),
        ),
        # Providers' delivery reports find their message by the id the provider gave.
        Index("ix_message_provider", "channel", "provider_id", postgresql_where=text("status = 'accepted'")),
    )


class MessageAttempt(Base):
    """One try to send a message: when, how it ended, and what the provider said (never the body)."""

    __tablename__ = "message_attempt"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    message_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("message.id", ondelete="CASCADE")
    )
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # delivered | accepted | temporary_failure | permanent_failure | interrupted (sender crashed)
    outcome: Mapped[str | None] = mapped_column(String(24))
    error: Mapped[str | None] = mapped_column(Text)
    provider_response: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("message_id", "number"),)
