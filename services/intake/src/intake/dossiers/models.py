"""Dossier rows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from contracts.lifecycle import DossierStatus
from intake.db import Base
from servicekit.db import utcnow, uuid7


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(32))
    applicant_subject: Mapped[str] = mapped_column(String(128))
    applicant_kind: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), default=DossierStatus.SUBMITTED.value)
    form_data: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        Index("ix_dossier_applicant_created", "applicant_subject", "created_at", "id"),
        Index("ix_dossier_agency_status", "agency_code", "status"),
    )
