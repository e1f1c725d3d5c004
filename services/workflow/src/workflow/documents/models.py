"""Document rows; the bytes live in the row (PDF letters and scans of a few hundred kilobytes)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, deferred, mapped_column

from servicekit.db import utcnow, uuid7
from workflow.db import Base


class DocumentKind:
    ATTACHMENT = "attachment"
    RESULT = "result"
    APOLOGY_LETTER = "apology_letter"
    STOP_NOTICE = "stop_notice"
    REFUSAL_LETTER = "refusal_letter"

    #: Letters addressed to the applicant, who may download them.
    FOR_APPLICANT = frozenset({RESULT, APOLOGY_LETTER, STOP_NOTICE, REFUSAL_LETTER})


class ProcessDocument(Base):
    __tablename__ = "process_document"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    instance_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("process_instance.id"), index=True
    )
    kind: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False), raiseload=True)
    for_applicant: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
