"""One row per dossier: when each milestone first happened, and through which channel.

Counters are never stored: statistics are counts over these rows. Each event only lowers a
milestone's timestamp to the earliest seen (``LEAST``) or fills a missing value (``COALESCE``), so
applying an event twice, or events in any order, leaves the same row — replays cannot double count.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base


class DossierFact(Base):
    __tablename__ = "dossier_fact"

    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(40))
    procedure_version: Mapped[int | None] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(13))
    channel: Mapped[str | None] = mapped_column(String(16))
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    processing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at_desk: Mapped[bool | None] = mapped_column(Boolean)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The latest milestone: a year's statistics read only the rows touched since 1 January.
    last_event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_dossier_fact_procedure", "procedure_code", "last_event_at"),
        Index("ix_dossier_fact_agency", "agency_code", "last_event_at"),
    )
