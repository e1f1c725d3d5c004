"""E-form rows: one per (procedure version, form code); frozen with the version once it is published."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base
from servicekit.db import utcnow, uuid7


class EForm(Base):
    __tablename__ = "eform"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    version_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("procedure_version.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    component_code: Mapped[str | None] = mapped_column(String(32))
    json_schema: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Per-field guidance (R-CAT-4), keyed by the field's dotted path ("nguoi_yeu_cau.ho_ten").
    guidance: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    # Where a field can be pre-filled from: {"path": {"source": "profile", "field": "full_name"}}.
    prefill: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # Enumerations taken from catalogue data when the schema is served: {"path": "provinces"}.
    enum_sources: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    etag: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": etag}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (UniqueConstraint("version_id", "code"),)
