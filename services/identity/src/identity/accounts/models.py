"""Account rows."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from identity.db import Base
from servicekit.db import utcnow, uuid7


class Account(Base):
    __tablename__ = "account"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    kind: Mapped[str] = mapped_column(String(16))  # citizen | organisation | official
    #: Lower-case sign-in name: the personal id number, the tax code, or an official's account name.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|active|locked|deactivated
    full_name: Mapped[str] = mapped_column(Text)
    so_dinh_danh: Mapped[str | None] = mapped_column(String(12), unique=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    phone_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    representatives: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    agency_code: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(Text)
    roles: Mapped[list[str]] = mapped_column(JSONB, default=list)
    #: Electronic identification level behind the account (R-FMT-5: 1, or 2 = verified in person).
    identity_level: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook

    @property
    def subject(self) -> str:
        return str(self.id)
