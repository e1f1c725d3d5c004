"""OTP challenge rows: the code is stored only as a keyed hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from identity.db import Base
from servicekit.db import utcnow, uuid7


class OtpChallenge(Base):
    __tablename__ = "otp_challenge"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    purpose: Mapped[str] = mapped_column(String(40))
    #: Whom the code is for (an account subject); a code is valid only for this subject and purpose.
    subject: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(8))  # sms | email | totp
    address: Mapped[str | None] = mapped_column(String(254))
    #: What is being confirmed (a dossier id for R-ID-3), bound into the hash.
    reference: Mapped[str | None] = mapped_column(String(128))
    code_hash: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sends: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    client_ip: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_otp_challenge_subject_created", "subject", "created_at"),
        Index("ix_otp_challenge_ip_created", "client_ip", "created_at"),
    )
