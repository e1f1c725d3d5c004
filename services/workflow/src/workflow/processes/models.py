"""Process instance rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from servicekit.db import utcnow, uuid7
from workflow.db import Base


class ProcessInstance(Base):
    __tablename__ = "process_instance"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    # One instance per dossier, whatever happens to the events that start it.
    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    procedure_code: Mapped[str] = mapped_column(String(64))
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    applicant_subject: Mapped[str] = mapped_column(String(128))
    stage: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative hook
