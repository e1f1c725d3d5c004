"""Rows of the desk: the per-agency, per-day code counters and the supplement requests."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import Base
from servicekit.db import utcnow, uuid7


class DossierCodeCounter(Base):
    """The last sequence number issued by an agency on a reception day (R-FMT-2).

    Incremented in the reception's own transaction: a rolled-back reception gives its number back,
    and the row lock makes concurrent receptions of one agency take the numbers in turn.
    """

    __tablename__ = "dossier_code_counter"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class SupplementRequest(Base):
    """One request to supplement (R-INT-3 at the desk, R-PROC-3 after appraisal), every item at once."""

    __tablename__ = "supplement_request"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    at_desk: Mapped[bool] = mapped_column(Boolean)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_by_name: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    letter_document_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LetterJob(Base):
    """A letter to issue for a decision, written in the decision's transaction and rendered right after
    by the letter worker (a PDF takes ~0.2 s: not while the agency's code counter is locked).

    ``document_id`` is chosen at the decision, so its event can name the letter; the worker stores the
    PDF under it. A job survives crashes and is retried until its letter exists.
    """

    __tablename__ = "letter_job"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    document_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_letter_job_pending", "created_at", postgresql_where=text("done_at IS NULL")),)
