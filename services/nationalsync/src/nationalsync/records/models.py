"""One row per dossier: what the national portal should know of it, and where its sync stands.

``queue_state`` is the dossier's place in the sync queue:
``held`` (jobs wait for data the record lacks, e.g. the dossier code before reception) →
``pending`` (due at ``next_attempt_at``; ``attempts`` counts failed tries of the current push) →
``synced`` (the hub has everything) | ``parked`` (the hub refused a push or retries ran out; nothing
more is sent for this dossier until an operator retries it).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from nationalsync.db import Base
from servicekit.db import utcnow


class QueueState(StrEnum):
    HELD = "held"
    PENDING = "pending"
    SYNCED = "synced"
    PARKED = "parked"


class DossierRecord(Base):
    __tablename__ = "dossier_record"

    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    dossier_code: Mapped[str | None] = mapped_column(String(64), index=True)
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    procedure_code: Mapped[str | None] = mapped_column(String(64))
    procedure_version: Mapped[int | None] = mapped_column(Integer)
    applicant_name: Mapped[str | None] = mapped_column(Text)
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appointment_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The lifecycle status (contracts.lifecycle.DossierStatus); None only for a record a payment
    # event created before any dossier event arrived.
    status: Mapped[str | None] = mapped_column(String(32))
    refused_at_desk: Mapped[bool] = mapped_column(Boolean, default=False)
    status_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_from_payment: Mapped[bool] = mapped_column(Boolean, default=False)
    status_before_payment: Mapped[str | None] = mapped_column(String(32))
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    result_documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    fees: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    fees_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # Each change of the national record bumps `version`; the hub acknowledged `pushed_version`.
    version: Mapped[int] = mapped_column(Integer, default=0)
    pushed_version: Mapped[int | None] = mapped_column(Integer)
    pushed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    queue_state: Mapped[str] = mapped_column(String(16), default=QueueState.SYNCED.value)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Operator retries so far: part of the Idempotency-Key, so a retry after a fix is a new request
    # to the hub even when the record is unchanged (a hub may keep its refusal for the old key).
    manual_retries: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    # A dispatcher's claim while it pushes (no row lock is held over the network).
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index(
            "ix_dossier_record_due",
            "next_attempt_at",
            postgresql_where=text("queue_state = 'pending'"),
        ),
        Index("ix_dossier_record_queue_state", "queue_state", "agency_code"),
    )
