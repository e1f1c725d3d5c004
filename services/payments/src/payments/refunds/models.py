"""Refunds (R-PAY-4): money given back for a paid order, through the way it came in.

``pending`` → sent by the refund dispatcher → ``succeeded`` | ``failed``; a refund of a bank transfer or
of cash is ``awaiting_payout`` until an officer records that the money went back.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow, uuid7


class RefundStatus(StrEnum):
    PENDING = "pending"
    AWAITING_PAYOUT = "awaiting_payout"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RefundCause(StrEnum):
    """Why money goes back: R-PAY-4's "could not perform", or money that was never owed."""

    SERVICE_NOT_PERFORMED = "service_not_performed"
    DUPLICATE_PAYMENT = "duplicate_payment"
    OVERPAYMENT = "overpayment"
    NOT_OWED = "not_owed"


class Refund(Base):
    __tablename__ = "refund"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("payment_order.id"))
    transaction_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payment_transaction.id")
    )
    amount: Mapped[int] = mapped_column(BigInteger)
    cause: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    # The event that caused an automatic refund (dossier.refused / dossier.stopped), if any.
    source_event_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    method: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24), default=RefundStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_reference: Mapped[str | None] = mapped_column(String(64))
    requested_by: Mapped[str] = mapped_column(String(128))
    completed_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_refund_payment", "payment_id", "created_at"),
        Index("ix_refund_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
        # One automatic refund per triggering event and transaction.
        Index(
            "uq_refund_source_event",
            "source_event_id",
            "transaction_id",
            unique=True,
            postgresql_where=text("source_event_id IS NOT NULL"),
        ),
        Index("ix_refund_completed", "method", "completed_at"),
    )
