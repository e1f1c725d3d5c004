"""Agency rows and the working-calendar overrides administrators declare (R-FMT-7)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base
from servicekit.db import utcnow, uuid7


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    code: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str | None] = mapped_column(Text)
    # Folded name (catalog.folding) for the diacritics-insensitive name filter.
    name_folded: Mapped[str] = mapped_column(Text)
    parent_code: Mapped[str | None] = mapped_column(String(13), ForeignKey("agency.code"))
    administrative_level: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(32))
    feedback_email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(Text)
    bank_account: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_agency_parent_code", "parent_code", "code"),
        Index("ix_agency_level_code", "administrative_level", "code"),
    )


class CalendarOverride(Base):
    """One day an administrator declared off or working, for the whole country or one agency.

    ``scope`` is ``national`` or an agency code; an agency's effective calendar applies the national
    overrides, then its ancestors', then its own (the nearest declaration of a day wins).
    """

    __tablename__ = "calendar_override"

    scope: Mapped[str] = mapped_column(String(13), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    declared_by: Mapped[str] = mapped_column(String(128))
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
