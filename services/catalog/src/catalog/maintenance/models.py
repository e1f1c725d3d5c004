"""Maintenance window rows: scheduled (then possibly cancelled), never deleted — the history of
announcements is kept."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base
from servicekit.db import utcnow, uuid7

SCHEDULED = "scheduled"
CANCELLED = "cancelled"


class MaintenanceWindow(Base):
    __tablename__ = "maintenance_window"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expected_end_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    message_vi: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=SCHEDULED)
    scheduled_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    cancelled_by: Mapped[str | None] = mapped_column(String(128))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # The public announcement (and the gateway's poll): scheduled windows not yet over.
        Index(
            "ix_maintenance_window_scheduled_end",
            "expected_end_at",
            postgresql_where=text("status = 'scheduled'"),
        ),
        Index("ix_maintenance_window_starts", "starts_at", "id"),
    )
