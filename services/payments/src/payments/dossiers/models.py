"""What payments knows of a dossier, learnt from the dossier events (a read model, never edited by hand)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64))
    agency_code: Mapped[str] = mapped_column(String(32))
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    applicant_subject: Mapped[str] = mapped_column(String(128), index=True)
    # From dossier.submitted: printed on receipts as the payer when nobody else is named.
    applicant_name: Mapped[str | None] = mapped_column(Text)
    # The last lifecycle event seen: received, refused, stopped, withdrawn, resolved, returned.
    status: Mapped[str] = mapped_column(String(32))
    payment_due: Mapped[str] = mapped_column(String(32), default="none")
    # R-PAY-4: once the result exists, fees are not refunded even if it is never collected.
    result_produced: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    # An order is owed but could not be issued yet (the catalogue did not answer): retried.
    order_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    order_attempts: Mapped[int] = mapped_column(Integer, default=0)
    order_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("ix_dossier_order_pending", "updated_at", postgresql_where=text("order_pending")),
    )
