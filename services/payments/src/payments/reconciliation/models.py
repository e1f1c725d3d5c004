"""Reconciliation runs (our transactions against the gateway's daily report) and what they found."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow, uuid7


class ReconciliationRun(Base):
    __tablename__ = "reconciliation_run"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    provider: Mapped[str] = mapped_column(String(24))
    business_date: Mapped[date] = mapped_column(Date)
    trigger: Mapped[str] = mapped_column(String(16))  # schedule | manual
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | completed | failed
    error: Mapped[str | None] = mapped_column(Text)
    gateway_count: Mapped[int] = mapped_column(Integer, default=0)
    gateway_total: Mapped[int] = mapped_column(BigInteger, default=0)
    our_count: Mapped[int] = mapped_column(Integer, default=0)
    our_total: Mapped[int] = mapped_column(BigInteger, default=0)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    settled: Mapped[int] = mapped_column(Integer, default=0)
    discrepancies: Mapped[int] = mapped_column(Integer, default=0)
    requested_by: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_reconciliation_run_date", "provider", "business_date", "started_at"),
        # The daily job runs once per day however many replicas wake up for it.
        Index(
            "uq_reconciliation_run_scheduled",
            "provider",
            "business_date",
            unique=True,
            postgresql_where=text("trigger = 'schedule'"),
        ),
    )


class Discrepancy(Base):
    __tablename__ = "reconciliation_discrepancy"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    run_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("reconciliation_run.id"))
    kind: Mapped[str] = mapped_column(String(32))
    txn_ref: Mapped[str] = mapped_column(String(100))
    transaction_type: Mapped[str] = mapped_column(String(16))  # payment | refund
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    agency_code: Mapped[str | None] = mapped_column(String(32))
    our_amount: Mapped[int | None] = mapped_column(BigInteger)
    gateway_amount: Mapped[int | None] = mapped_column(BigInteger)
    our_status: Mapped[str | None] = mapped_column(String(24))
    gateway_status: Mapped[str | None] = mapped_column(String(8))
    detail: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_reconciliation_discrepancy_run", "run_id", "kind"),)
