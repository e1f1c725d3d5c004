"""Names learnt from the catalog and identity topics (and asked from catalog when missing)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nationalsync.db import Base
from servicekit.db import utcnow


class ProcedureName(Base):
    """TenTTHC and MaLinhVuc of one procedure version (R-CAT-5: a dossier keeps its version)."""

    __tablename__ = "procedure_name"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    field_code: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgencyName(Base):
    __tablename__ = "agency_name"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OfficialName(Base):
    """Officials only: the national progress log names the officer who handled each step."""

    __tablename__ = "official_name"

    subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    full_name: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
