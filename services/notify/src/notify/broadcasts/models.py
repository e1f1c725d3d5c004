"""Broadcast rows (one per announcement, rendered in each language once) and who has read them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from notify.db import Base
from servicekit.db import utcnow, uuid7


class Broadcast(Base):
    __tablename__ = "broadcast"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    # What it announces (a maintenance window's id): one broadcast per announcement, however often
    # the event is delivered.
    source_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    title_vi: Mapped[str] = mapped_column(Text)
    body_vi: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str | None] = mapped_column(Text)
    body_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Shown until then (the expected end of the maintenance), unless withdrawn (cancelled) before.
    visible_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_broadcast_visible", "visible_until", postgresql_where=text("withdrawn_at IS NULL")),
    )


class BroadcastRead(Base):
    __tablename__ = "broadcast_read"

    broadcast_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("broadcast.id", ondelete="CASCADE"), primary_key=True
    )
    recipient_subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
