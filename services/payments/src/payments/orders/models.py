"""Payment orders (what a dossier owes) and their transactions (each try to pay it).

An order moves ``created`` → ``pending`` (a payment was started at a gateway) → ``succeeded``, or
``failed`` (the last try failed; the applicant may try again), ``expired`` (not paid in time),
``cancelled`` (the dossier ended before it was paid, or an officer cancelled it), ``waived``
(exemptions cover every fee); a paid order becomes ``partially_refunded`` then ``refunded``.
``orders.rules`` holds the transitions. Every change bumps ``version`` (the ETag).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow, uuid7


class OrderStatus(StrEnum):
    CREATED = "created"
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    WAIVED = "waived"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class TransactionStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"


class Provider(StrEnum):
    VNPAY = "vnpay"
    BANK_TRANSFER = "bank_transfer"
    DESK = "desk"


OPEN_STATUSES = (OrderStatus.CREATED.value, OrderStatus.PENDING.value, OrderStatus.FAILED.value)


class PaymentOrder(Base):
    __tablename__ = "payment_order"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("dossier.id"))
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    agency_code: Mapped[str] = mapped_column(String(32))
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    applicant_subject: Mapped[str] = mapped_column(String(128))
    # before_processing / before_return (from dossier.received); none for an order made at the desk.
    payment_due: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    fee_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    exemptions: Mapped[list[str]] = mapped_column(JSONB, default=list)
    quantities: Mapped[dict[str, int]] = mapped_column(JSONB, default=dict)
    description: Mapped[str] = mapped_column(Text)
    # Written by the payer in a bank transfer's description (R-PAY-3); matched on statement import.
    payment_reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(24), default=OrderStatus.CREATED.value)
    failure_code: Mapped[str | None] = mapped_column(String(48))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    paid_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    # Refunds asked for and not failed: what is still refundable is paid − reserved.
    refund_reserved: Mapped[int] = mapped_column(BigInteger, default=0)
    method: Mapped[str | None] = mapped_column(String(24))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        # One order a dossier can still pay at a time: the consumer and an officer cannot race two in.
        Index(
            "uq_payment_order_open_per_dossier",
            "dossier_id",
            unique=True,
            postgresql_where=text("status IN ('created', 'pending', 'failed')"),
        ),
        Index("ix_payment_order_applicant", "applicant_subject", "id"),
        Index("ix_payment_order_agency", "agency_code", "id"),
        Index("ix_payment_order_dossier", "dossier_id", "id"),
        Index(
            "ix_payment_order_expiring",
            "expires_at",
            postgresql_where=text("status IN ('created', 'pending', 'failed')"),
        ),
    )

    @property
    def refundable(self) -> int:
        return self.paid_amount - self.refund_reserved

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


class PaymentTransaction(Base):
    """One try to pay an order: a VNPay payment, a bank statement credit or cash at the desk."""

    __tablename__ = "payment_transaction"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    payment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("payment_order.id"))
    provider: Mapped[str] = mapped_column(String(24))
    # Our reference at the provider: vnp_TxnRef, the bank's transaction reference, the receipt number.
    txn_ref: Mapped[str] = mapped_column(String(100))
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default=TransactionStatus.PENDING.value)
    failure_code: Mapped[str | None] = mapped_column(String(48))
    # What the provider said: vnp_ResponseCode / vnp_TransactionStatus, its own number, the bank.
    response_code: Mapped[str | None] = mapped_column(String(8))
    provider_status: Mapped[str | None] = mapped_column(String(8))
    provider_transaction_no: Mapped[str | None] = mapped_column(String(64))
    bank_code: Mapped[str | None] = mapped_column(String(32))
    # vnp_CreateDate as sent (querydr and refund name the payment by it).
    provider_create_date: Mapped[str | None] = mapped_column(String(14))
    redirect_url: Mapped[str | None] = mapped_column(Text)
    client_ip: Mapped[str | None] = mapped_column(String(64))
    # How it was settled: ipn, return, reconciliation, statement, desk, expiry.
    settled_via: Mapped[str | None] = mapped_column(String(24))
    # Money taken after the order was already paid or closed: kept, and refunded.
    surplus: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("uq_payment_transaction_provider_ref", "provider", "txn_ref", unique=True),
        Index("ix_payment_transaction_payment", "payment_id", "created_at"),
        Index(
            "ix_payment_transaction_pending_expiry",
            "expires_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_payment_transaction_paid_at", "provider", "paid_at"),
    )
