"""Webhook subscription rows: one target URL, which events and agencies, its secret (encrypted)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from notify.db import Base
from servicekit.db import utcnow, uuid7


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscription"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    owner_subject: Mapped[str] = mapped_column(String(128))
    owner_kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    target_url: Mapped[str] = mapped_column(Text)
    # CloudEvents types delivered (never empty) and agency codes (empty: every agency, system_admin only).
    event_types: Mapped[list[str]] = mapped_column(JSONB)
    agency_codes: Mapped[list[str]] = mapped_column(JSONB)
    # The signing secret, encrypted (AES-GCM, NOTIFY_WEBHOOK_SECRETS_KEY); shown in clear only once.
    secret_ciphertext: Mapped[str] = mapped_column(Text)
    secret_hint: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Test mode: deliveries are recorded as delivered (simulated) and never POSTed.
    test_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_webhook_subscription_owner_created", "owner_subject", "created_at", "id"),
        Index("ix_webhook_subscription_active", "active", postgresql_where=text("active")),
    )
