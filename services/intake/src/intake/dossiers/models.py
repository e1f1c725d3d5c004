"""Dossier rows (hồ sơ) and their audit history."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from contracts.lifecycle import DossierStatus
from intake.db import Base
from servicekit.db import utcnow, uuid7


class Dossier(Base):
    """One application for one procedure version (R-CAT-5), from draft to its final status."""

    __tablename__ = "dossier"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    #: Mã số hồ sơ (R-FMT-2), issued by the system at reception (R-INT-2).
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    procedure_name: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(Integer, default=3)
    agency_code: Mapped[str] = mapped_column(String(32))
    agency_name: Mapped[str] = mapped_column(Text, default="")
    applicant_subject: Mapped[str] = mapped_column(String(128))
    applicant_kind: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(Text)
    #: Identification and contact the applicant gave (personal id or tax code, phone, email, address).
    applicant_details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default=DossierStatus.DRAFT.value)
    #: Entered e-form data by form code: ``{"TK1-TS": {...}}``.
    forms: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    #: How the applicant wants the result: desk, postal or online (R-RES-1).
    result_channel: Mapped[str | None] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: otp, signature, desk or postal (R-ID-3), and what proves it (challenge id, signer…).
    submission_method: Mapped[str | None] = mapped_column(String(16))
    submission_proof: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)

    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str | None] = mapped_column(String(128))
    #: The working day the time limit counts from (R-PROC-1 cut-off, R-FMT-8).
    reception_date: Mapped[date | None] = mapped_column(Date)
    appointment_date: Mapped[date | None] = mapped_column(Date)
    immediate_result: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_due: Mapped[str] = mapped_column(String(24), default="none")
    payment_state: Mapped[str] = mapped_column(String(16), default="none")
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    #: Who asked for the pending supplement: the desk (back to submitted) or the appraisal.
    supplement_at_desk: Mapped[bool | None] = mapped_column(Boolean)
    supplement_round: Mapped[int] = mapped_column(Integer, default=0)
    refused_at_desk: Mapped[bool | None] = mapped_column(Boolean)
    process_instance_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    handling_unit: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    return_channel: Mapped[str | None] = mapped_column(String(16))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_dossier_applicant_created", "applicant_subject", "created_at", "id"),
        Index("ix_dossier_agency_status", "agency_code", "status", "status_changed_at", "id"),
    )


class DossierHistory(Base):
    """Who changed what, when, from which status to which, and why; appended, never changed."""

    __tablename__ = "dossier_history"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(48))
    actor_subject: Mapped[str | None] = mapped_column(String(128))
    actor_kind: Mapped[str | None] = mapped_column(String(16))
    actor_name: Mapped[str | None] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
