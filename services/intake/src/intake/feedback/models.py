"""Feedback rows (phản ánh, kiến nghị) and their history (R-FB-4)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import Base
from servicekit.db import utcnow, uuid7


class Feedback(Base):
    """One piece of feedback, from reception to its answer and, with consent, its publication."""

    __tablename__ = "feedback"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    #: dossier, procedure or agency.
    target: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    procedure_code: Mapped[str | None] = mapped_column(String(64))
    procedure_name: Mapped[str | None] = mapped_column(Text)
    #: The agency that must answer (routed on reception, changed by a forward).
    agency_code: Mapped[str] = mapped_column(String(32))
    agency_name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)

    #: The submitter's account, or None for feedback given with contact details only.
    submitter_subject: Mapped[str | None] = mapped_column(String(128))
    submitter_name: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    #: Who recorded feedback that came by phone, email or at the desk.
    recorded_by: Mapped[str | None] = mapped_column(String(128))
    publish_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    status: Mapped[str] = mapped_column(String(16), default="received")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    received_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    #: The working day before the due date: from then on the agency is warned.
    remind_on: Mapped[date] = mapped_column(Date)
    #: The due date each warning was sent for: a forward sets a new due date, warned afresh.
    due_soon_sent_for: Mapped[date | None] = mapped_column(Date)
    overdue_sent_for: Mapped[date | None] = mapped_column(Date)

    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answered_by: Mapped[str | None] = mapped_column(String(128))
    answered_by_name: Mapped[str | None] = mapped_column(Text)
    answered_on_time: Mapped[bool | None] = mapped_column(Boolean)
    working_days_late: Mapped[int | None] = mapped_column(Integer)

    published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The question as the public Q&A shows it (an official's rewording), else the content redacted.
    public_question: Mapped[str | None] = mapped_column(Text)

    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_feedback_submitter", "submitter_subject", "submitted_at", "id"),
        Index("ix_feedback_agency", "agency_code", "submitted_at", "id"),
        # The feedback about one dossier (its page, the desk's view of it), newest first.
        Index(
            "ix_feedback_dossier",
            "dossier_id",
            "submitted_at",
            "id",
            postgresql_where=text("dossier_id IS NOT NULL"),
        ),
        # The watcher's scan: unanswered feedback by due date.
        Index("ix_feedback_open_due", "due_date", "id", postgresql_where=text("status = 'received'")),
        Index(
            "ix_feedback_public",
            "published_at",
            "id",
            postgresql_where=text("published"),
        ),
    )


class FeedbackHistory(Base):
    """What happened to a feedback, by whom and when; appended, never changed."""

    __tablename__ = "feedback_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    feedback_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    #: None for the system (the deadline watcher).
    actor_subject: Mapped[str | None] = mapped_column(String(128))
    actor_name: Mapped[str | None] = mapped_column(Text)
    agency_code: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
