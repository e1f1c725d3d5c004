"""Rows of stored files (documents), their attachment to dossier components, and upload sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import Base
from servicekit.db import utcnow, uuid7


class Document(Base):
    """A file kept for a person: what they uploaded, a desk scan, a result or a letter issued to them.

    Uploads and results are the citizen's document store (R-INT-5): reusable in a new dossier without
    uploading again. Content is in the storage under ``storage_key``; ``sha256`` proves it unchanged.
    """

    __tablename__ = "document"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    owner_subject: Mapped[str] = mapped_column(String(128))
    #: upload, desk_scan, result, letter, declaration or signed_declaration.
    category: Mapped[str] = mapped_column(String(24))
    #: For letters: receipt, supplement_request or refusal.
    kind: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(Text, unique=True)
    reusable: Mapped[bool] = mapped_column(Boolean, default=True)
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_document_owner_created", "owner_subject", "created_at", "id"),)


class Attachment(Base):
    """A document attached to one component of a dossier; replaced files stay, as earlier versions."""

    __tablename__ = "attachment"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    component_code: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("document.id"))
    #: 1, 2, … per dossier and component, in the order files were attached.
    version: Mapped[int] = mapped_column(Integer)
    supplement_round: Mapped[int] = mapped_column(Integer, default=0)
    added_by: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_by: Mapped[str | None] = mapped_column(String(128))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UploadSession(Base):
    """A resumable upload of a large scan: the client sends chunks at the offset the server reports."""

    __tablename__ = "upload_session"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid7)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    component_code: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(128))
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    chunks: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attachment_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
