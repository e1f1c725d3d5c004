"""One row per dossier: when each milestone first happened, through which channel, by whom, the
appointment date in force, and the applicant's rating.

Counters are never stored: statistics are counts over these rows. Each event merges into its row
with a rule that does not depend on order or repetition (see ``projector``): milestones keep the
earliest time seen (``LEAST``), facts of a milestone come with the earliest occurrence of it, the
extension kept is the latest one, the rating kept is the highest revision. Applying an event twice,
or events in any order, leaves the same row — replays cannot double count, and replaying every
event from the start rebuilds the same table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Computed, Date, DateTime, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base

# A received dossier is open (pending) until it is resolved, refused, withdrawn or stopped.
CLOSED_AT_SQL = "LEAST(resolved_at, refused_at, withdrawn_at, stopped_at)"
OPEN_SQL = "closed_at IS NULL AND received_at IS NOT NULL"


class DossierFact(Base):
    __tablename__ = "dossier_fact"

    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    procedure_code: Mapped[str] = mapped_column(String(40))
    procedure_version: Mapped[int | None] = mapped_column(Integer)
    agency_code: Mapped[str] = mapped_column(String(13))
    # The field of the version the dossier was filed under (immutable once published).
    field_code: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str | None] = mapped_column(String(128))
    # Promised at reception; an extension (R-PROC-8) moves it from ``extended_at`` on.
    appointment_date: Mapped[date | None] = mapped_column(Date)
    extended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extended_appointment_date: Mapped[date | None] = mapped_column(Date)
    processing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(128))
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    refused_at_desk: Mapped[bool | None] = mapped_column(Boolean)
    refused_by: Mapped[str | None] = mapped_column(String(128))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), Computed(CLOSED_AT_SQL, persisted=True)
    )
    # R-FB-5: the highest revision of the dossier's rating; counted when it was first given.
    rating_revision: Mapped[int | None] = mapped_column(Integer)
    rating_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rating_overall: Mapped[str | None] = mapped_column(String(16))
    rating_ease_of_use: Mapped[str | None] = mapped_column(String(16))
    rating_timeliness: Mapped[str | None] = mapped_column(String(16))
    rating_officer_attitude: Mapped[str | None] = mapped_column(String(16))
    # The latest event: a period's statistics read the rows touched since it began, plus open ones.
    last_event_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_dossier_fact_procedure", "procedure_code", "last_event_at"),
        Index("ix_dossier_fact_agency", "agency_code", "last_event_at"),
        Index("ix_dossier_fact_field", "field_code", "last_event_at"),
        Index("ix_dossier_fact_last_event", "last_event_at"),
        # Open dossiers may be untouched for long: "pending" and "overdue now" find them here.
        Index("ix_dossier_fact_open_procedure", "procedure_code", postgresql_where=text(OPEN_SQL)),
        Index("ix_dossier_fact_open_agency", "agency_code", postgresql_where=text(OPEN_SQL)),
        Index("ix_dossier_fact_open_field", "field_code", postgresql_where=text(OPEN_SQL)),
        Index("ix_dossier_fact_open", "received_at", postgresql_where=text(OPEN_SQL)),
    )
