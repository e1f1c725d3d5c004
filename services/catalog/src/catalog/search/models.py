"""The search read model: one row per published procedure version, with its validity period.

Rows are written when a version is published (and their ``valid_to`` cut when a successor is), so a
search is one indexed query: the full-text vector and the trigram index over folded text, the
filters on plain columns, and "in force today" from the validity dates.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ARRAY, Computed, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base
from servicekit.db import utcnow

# Name words rank above the other words (code, keywords, subjects, results).
VECTOR_SQL = (
    "setweight(to_tsvector('simple'::regconfig, search_name), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B')"
)


class ProcedureSearchEntry(Base):
    __tablename__ = "procedure_search"

    version_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("procedure_version.id", ondelete="CASCADE"), primary_key=True
    )
    procedure_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    agency_code: Mapped[str] = mapped_column(String(13))
    field_code: Mapped[str] = mapped_column(String(16))
    sector_code: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer)
    online_mode: Mapped[str] = mapped_column(String(16))
    administrative_levels: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    processing_days: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    search_name: Mapped[str] = mapped_column(Text)
    search_body: Mapped[str] = mapped_column(Text)
    search_vector: Mapped[str] = mapped_column(TSVECTOR, Computed(VECTOR_SQL, persisted=True))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("ix_procedure_search_vector", "search_vector", postgresql_using="gin"),
        Index(
            "ix_procedure_search_name_trgm",
            "search_name",
            postgresql_using="gin",
            postgresql_ops={"search_name": "gin_trgm_ops"},
        ),
        Index("ix_procedure_search_browse", "search_name", "code"),
        Index("ix_procedure_search_field", "field_code", "search_name"),
        Index("ix_procedure_search_sector", "sector_code"),
        Index("ix_procedure_search_agency", "agency_code"),
        Index("ix_procedure_search_procedure", "procedure_id", "valid_from"),
    )
