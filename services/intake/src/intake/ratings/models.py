"""The rating of a dossier (one per dossier; its revisions are the ``rating.submitted`` events)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import Base
from servicekit.db import uuid7


class DossierRating(Base):
    """R-FB-5: overall, ease of use, timeliness of the agency, officers' attitude, each on three levels."""

    __tablename__ = "dossier_rating"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    dossier_code: Mapped[str] = mapped_column(String(40))
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    applicant_subject: Mapped[str] = mapped_column(String(128), index=True)
    overall: Mapped[str] = mapped_column(String(16))
    ease_of_use: Mapped[str] = mapped_column(String(16))
    timeliness: Mapped[str] = mapped_column(String(16))
    officer_attitude: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    #: 1 for the first rating, one more for each change (the event's ``revision``).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    first_submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    editable_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
