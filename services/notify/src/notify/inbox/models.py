"""In-app inbox rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from notify.db import Base
from servicekit.db import utcnow, uuid7


class InboxMessage(Base):
    __tablename__ = "inbox_message"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    recipient_subject: Mapped[str] = mapped_column(String(128))
    # The message it delivers (one entry per message, however often the send is retried); entries
    # from before messages existed have none.
    message_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_inbox_message_recipient_created", "recipient_subject", "created_at", "id"),)
