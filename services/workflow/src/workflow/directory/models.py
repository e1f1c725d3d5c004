"""Rows copied from catalog's events (agencies, calendar overrides, procedure time limits) and the
directory of officials seen by workflow (to check who a task may be assigned to)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import utcnow
from workflow.db import Base


class Agency(Base):
    """An agency or unit (QCVN 102 code) as catalog last described it."""

    __tablename__ = "agency"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(String(13), index=True)
    administrative_level: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CalendarScope(Base):
    """When the overrides of one scope (``national`` or an agency code) were last declared."""

    __tablename__ = "calendar_scope"

    scope: Mapped[str] = mapped_column(String(13), primary_key=True)
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CalendarDay(Base):
    """One declared day of a scope: ``day_off`` or ``working_day`` (R-FMT-7)."""

    __tablename__ = "calendar_day"

    scope: Mapped[str] = mapped_column(String(13), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))


class ProcedureLimit(Base):
    """A published procedure version's legal processing time, in working days (R-CAT-1)."""

    __tablename__ = "procedure_limit"

    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(13))
    name: Mapped[str] = mapped_column(Text)
    processing_days: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)


class Officer(Base):
    """An official as identity's account events (and, between them, their latest token) describe them."""

    __tablename__ = "officer"

    subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    agencies: Mapped[list[str]] = mapped_column(ARRAY(String(13)))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # False once identity says the account is locked or deactivated: no longer offered for assignment.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # When identity's latest account event about them happened (older events change nothing).
    described_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_officer_agencies", "agencies", postgresql_using="gin"),)
