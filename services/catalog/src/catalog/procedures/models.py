"""Procedure and procedure-version rows.

A procedure is its national code; what it says lives in numbered versions. A version is a draft
(editable, at most one per procedure), then published (immutable), then superseded when a later
version takes over. Published periods of one procedure never overlap: the rule is checked in
``rules.plan_publication`` and guaranteed by an exclusion constraint.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB, UUID, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base
from servicekit.db import utcnow, uuid7


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {"draft": "Bản nháp", "published": "Đã công bố", "superseded": "Đã được thay thế"}[self.value]


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # The competent agency of the latest version: whose administrators manage the procedure.
    agency_code: Mapped[str] = mapped_column(String(13), index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcedureVersion(Base):
    __tablename__ = "procedure_version"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    procedure_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("procedure.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=VersionStatus.DRAFT.value)
    name: Mapped[str] = mapped_column(Text)
    agency_code: Mapped[str] = mapped_column(String(13))
    field_code: Mapped[str | None] = mapped_column(String(16))
    level: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    change_note: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(128))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __mapper_args__ = {"version_id_col": etag}  # noqa: RUF012 - SQLAlchemy's declarative hook
    __table_args__ = (
        UniqueConstraint("procedure_id", "number"),
        Index(
            "uq_procedure_version_one_draft",
            "procedure_id",
            unique=True,
            postgresql_where=text("status = 'draft'"),
        ),
        ExcludeConstraint(
            ("procedure_id", "="),
            (text("daterange(valid_from, valid_to, '[]')"), "&&"),
            name="ex_procedure_version_validity",
            using="gist",
            where=text("status <> 'draft'"),
        ),
    )
