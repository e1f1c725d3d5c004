"""Every callback a gateway made (IPN, browser return), accepted or not: who, what, what we answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow


class GatewayCallback(Base):
    __tablename__ = "gateway_callback"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(16))  # ipn | return
    txn_ref: Mapped[str | None] = mapped_column(String(100))
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB)
    signature_valid: Mapped[bool] = mapped_column(Boolean)
    answer: Mapped[str] = mapped_column(String(8))  # RspCode (IPN) or the outcome shown (return)
    outcome: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("ix_gateway_callback_txn", "provider", "txn_ref", "received_at"),
        Index("ix_gateway_callback_received", "received_at"),
    )
