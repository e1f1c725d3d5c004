"""Inbound SMS rows: what a phone sent to the short code, what it asked, and the reply it got."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from notify.db import Base
from servicekit.db import utcnow, uuid7


class InboundSms(Base):
    __tablename__ = "sms_inbound"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    # The provider's id of the inbound message: a provider retrying its webhook changes nothing.
    provider_message_id: Mapped[str] = mapped_column(String(128), unique=True)
    sender: Mapped[str] = mapped_column(String(32))
    short_code: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    # lookup | help | rate_limited; the dossier code asked for and what the lookup found.
    command: Mapped[str] = mapped_column(String(16))
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    reply_message_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_sms_inbound_sender_received", "sender", "received_at"),)
