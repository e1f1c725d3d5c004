"""Process definition rows: one row per revision; at most one active revision per procedure version."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import utcnow, uuid7
from workflow.db import Base

DRAFT = "draft"
ACTIVE = "active"
RETIRED = "retired"


class ProcessDefinition(Base):
    __tablename__ = "process_definition"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    agency_code: Mapped[str] = mapped_column(String(13))
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_version: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    name: Mapped[str] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(16))
    legal_limit_days: Mapped[float] = mapped_column(Float)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    activated_by: Mapped[str | None] = mapped_column(String(128))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        UniqueConstraint("agency_code", "procedure_code", "procedure_version", "revision"),
        # The definition in force for a procedure version is never ambiguous.
        Index(
            "uq_process_definition_active",
            "agency_code",
            "procedure_code",
            "procedure_version",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
    )
