"""Process instances (one per dossier) and their stages (one per agency taking part)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
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


class Stage:
    """Where a process instance stands (``ProcessInstance.stage``)."""

    #: Opened by ``dossier.submitted`` before desk reception existed (walking skeleton); such an
    #: instance still starts when its ``dossier.received`` arrives.
    AWAITING_RECEPTION = "awaiting_reception"
    RECEIVED = "received"
    AWAITING_PAYMENT = "awaiting_payment"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESOLVED = "resolved"
    RETURNED = "returned"
    REFUSED = "refused"
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"

    OPEN = frozenset({AWAITING_RECEPTION, RECEIVED, AWAITING_PAYMENT, PROCESSING, SUPPLEMENT_REQUESTED})
    #: Where the time limit runs (R-PROC-3: not while the applicant supplements).
    CLOCK_RUNNING = frozenset({PROCESSING})


class ProcessInstance(Base):
    __tablename__ = "process_instance"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    # One instance per dossier, whatever happens to the events that start it.
    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int | None] = mapped_column(Integer)
    procedure_name: Mapped[str | None] = mapped_column(Text)
    # The receiving agency: its desk returns the result (R-PROC-6).
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    applicant_subject: Mapped[str] = mapped_column(String(128))
    applicant_name: Mapped[str | None] = mapped_column(Text)
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    stage: Mapped[str] = mapped_column(String(32))
    definition_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("process_definition.id")
    )
    # The definition's content as the instance follows it (the built-in one when none is in force).
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    route: Mapped[str | None] = mapped_column(String(16))
    payment_due: Mapped[str] = mapped_column(String(24), default="none")
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appointment_date: Mapped[date | None] = mapped_column(Date)
    # The day the time limit counts from (R-PROC-1 cut-off; R-PROC-3 restart).
    clock_started_on: Mapped[date | None] = mapped_column(Date)
    legal_limit_days: Mapped[float | None] = mapped_column(Float)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_date_before_extension: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    extended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extended_by: Mapped[str | None] = mapped_column(String(128))
    supplement_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    supplement_items: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    proposal: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    stop_reason: Mapped[str | None] = mapped_column(Text)
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processing_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    history_length: Mapped[int] = mapped_column(Integer, default=0)
    history_head: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        # The deadline watcher looks only at open dossiers with a due date.
        Index(
            "ix_process_instance_open_due",
            "due_date",
            postgresql_where=text("stage = 'processing'"),
        ),
    )


def is_processing() -> ColumnElement[bool]:
    """``stage = 'processing'`` written into the SQL, so generic plans use the partial index."""
    return ProcessInstance.stage == literal_column("'processing'")


class ProcessStage(Base):
    """One agency's part of an instance: its task and limit (Phiếu chuyển xử lý, R-PROC-5)."""

    __tablename__ = "process_stage"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("process_instance.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(13))
    lead: Mapped[bool] = mapped_column(Boolean, default=False)
    deciding: Mapped[bool] = mapped_column(Boolean, default=False)
    task_text: Mapped[str | None] = mapped_column(Text)
    limit_days: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    started_on: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[date | None] = mapped_column(Date)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opinion: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class PaymentSignal(Base):
    """A confirmed payment, kept until the dossier's instance needs it (the payment topic and the dossier
    topic are not ordered with each other)."""

    __tablename__ = "payment_signal"

    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    paid_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DossierBrief(Base):
    """What the filing said about the applicant (``dossier.submitted``), kept until the desk receives
    the dossier and its instance starts; letters print the applicant's name from it."""

    __tablename__ = "dossier_brief"

    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    applicant_name: Mapped[str] = mapped_column(Text)
    applicant_kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
