"""Task rows (the inboxes), consultations (R-PROC-4) and in-person verifications (R-PROC-2)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import utcnow, uuid7
from workflow.db import Base

OPEN = "open"
SUSPENDED = "suspended"
DONE = "done"
CANCELLED = "cancelled"

#: A consultation answered by another unit is a task of its own, of this kind.
CONSULTATION_REQUEST = "consultation_request"


class Task(Base):
    __tablename__ = "task"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("process_instance.id"))
    stage_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("process_stage.id"))
    step_index: Mapped[int] = mapped_column(Integer)
    step_code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(Text)
    optional: Mapped[bool] = mapped_column(default=False)
    # The unit in charge (an agency code of any level) and the role the step needs.
    agency_code: Mapped[str] = mapped_column(String(13))
    role: Mapped[str] = mapped_column(String(24))
    assignee_subject: Mapped[str | None] = mapped_column(String(128))
    assignee_name: Mapped[str | None] = mapped_column(Text)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_by: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    # Who handed the dossier over to this task (the control sheet's giver).
    handed_over_by: Mapped[str | None] = mapped_column(String(128))
    handed_over_by_name: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Cumulative working-day budget of the stage up to this step; due = stage start + ⌈offset⌉.
    offset_days: Mapped[float] = mapped_column(Float, default=0)
    due_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_by: Mapped[str | None] = mapped_column(String(128))
    completed_by_name: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(24))
    # Set by every action, so each one moves the task's version (ETag) on.
    last_action_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_task_instance_id", "instance_id"),
        # An officer's inbox: open tasks assigned to them, soonest due first.
        Index(
            "ix_task_inbox_assignee",
            "assignee_subject",
            "due_date",
            "id",
            postgresql_where=text("status = 'open' AND assignee_subject IS NOT NULL"),
        ),
        # A unit's queue: open tasks nobody has been given yet, soonest due first (the role, when a
        # specialist reads it, filters within the unit).
        Index(
            "ix_task_inbox_unit",
            "agency_code",
            "due_date",
            "id",
            postgresql_where=text("status = 'open' AND assignee_subject IS NULL"),
        ),
        # The deadline watcher.
        Index("ix_task_open_due", "due_date", postgresql_where=text("status = 'open'")),
    )


def is_open() -> ColumnElement[bool]:
    """``status = 'open'`` with the value written into the SQL, not bound: a prepared statement's generic
    plan can then prove the partial indexes' predicate and keeps using them (a bound value made PostgreSQL
    scan every task after the fifth execution)."""
    return Task.status == literal_column("'open'")


class Consultation(Base):
    """A request for another unit's or agency's opinion, with its content and deadline (R-PROC-4)."""

    __tablename__ = "consultation"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("process_instance.id"), index=True
    )
    # The task that asked, and the task of the consulted unit that answers.
    from_task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("task.id"), index=True)
    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("task.id"), unique=True)
    from_agency_code: Mapped[str] = mapped_column(String(13))
    to_agency_code: Mapped[str] = mapped_column(String(13))
    content: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_by_name: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(128))
    answered_by_name: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    overdue_reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attachment_ids: Mapped[list[str]] = mapped_column(JSONB, default=list)


class Verification(Base):
    """An in-person verification: time, place, participants, content (R-PROC-2)."""

    __tablename__ = "verification"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("process_instance.id"), index=True
    )
    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("task.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str] = mapped_column(Text)
    participants: Mapped[list[str]] = mapped_column(JSONB)
    content: Mapped[str] = mapped_column(Text)
    attachment_ids: Mapped[list[str]] = mapped_column(JSONB, default=list)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_by_name: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
