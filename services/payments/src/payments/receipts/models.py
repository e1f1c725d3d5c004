"""Receipts (biên lai thu phí, lệ phí): exactly one per paid order, numbered per agency and year."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow, uuid7


class Receipt(Base):
    __tablename__ = "receipt"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payment_order.id"), unique=True
    )
    transaction_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("payment_transaction.id"), unique=True
    )
    agency_code: Mapped[str] = mapped_column(String(32))
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(24))
    fee_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    payer_name: Mapped[str | None] = mapped_column(Text)
    issued_by: Mapped[str] = mapped_column(String(128))
    issued_by_name: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReceiptSequence(Base):
    """The last number used per agency and year (R-INT-2's spirit: the system numbers, not a person)."""

    __tablename__ = "receipt_sequence"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
