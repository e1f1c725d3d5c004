"""Bank transfers (R-PAY-3): each agency's published account, and the statements officers import."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from payments.db import Base
from servicekit.db import utcnow, uuid7


class AgencyAccount(Base):
    """The account an agency publishes for fees (tài khoản thu phí, lệ phí), as the catalogue says it
    (``agency.updated``): a read model, never edited here."""

    __tablename__ = "agency_account"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency_name: Mapped[str] = mapped_column(Text)
    bank_name: Mapped[str] = mapped_column(Text)
    account_number: Mapped[str] = mapped_column(String(32), index=True)
    account_holder: Mapped[str] = mapped_column(Text)
    branch: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class KnownAgency(Base):
    """Every agency the catalogue announced (``agency.updated``): its name, printed on receipts."""

    __tablename__ = "agency"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class BankStatement(Base):
    __tablename__ = "bank_statement"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    agency_code: Mapped[str] = mapped_column(String(32))
    account_number: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    lines: Mapped[int] = mapped_column(Integer, default=0)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(128))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_bank_statement_agency", "agency_code", "imported_at"),)


class StatementLine(Base):
    """One line of a statement and what it did: matched (credited), or why not."""

    __tablename__ = "bank_statement_line"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    statement_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("bank_statement.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    account_number: Mapped[str] = mapped_column(String(32))
    bank_reference: Mapped[str] = mapped_column(String(64))
    booked_on: Mapped[date] = mapped_column(Date)
    credit: Mapped[int] = mapped_column(BigInteger)
    debit: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text)
    # matched | amount_mismatch | no_reference | unknown_reference | order_closed | debit | duplicate
    outcome: Mapped[str] = mapped_column(String(24))
    payment_reference: Mapped[str | None] = mapped_column(String(16))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))

    __table_args__ = (
        Index("ix_bank_statement_line_statement", "statement_id", "line_number"),
        Index("ix_bank_statement_line_ref", "account_number", "bank_reference"),
    )
