"""Notices the deadline watcher sent: one row per (kind, scope, subject, due date), never two."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import utcnow, uuid7
from workflow.db import Base

DUE_SOON = "due_soon"
OVERDUE = "overdue"


class DeadlineNotice(Base):
    __tablename__ = "deadline_notice"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("process_instance.id"))
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    due_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    handling_agency_code: Mapped[str] = mapped_column(String(13))
    # The receiving agency, whose desk (and its head) reads the notices (R-PROC-4, R-PROC-8).
    desk_agency_code: Mapped[str] = mapped_column(String(13))
    assignee_subject: Mapped[str | None] = mapped_column(String(128))
    reported_to_desk: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (
        # The watcher's guarantee: however many replicas run, a notice is written (and sent) once.
        UniqueConstraint("kind", "scope", "subject_id", "due_date"),
        Index("ix_deadline_notice_desk", "desk_agency_code", "created_at"),
        Index("ix_deadline_notice_instance", "instance_id"),
    )
