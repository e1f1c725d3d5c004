"""Queries on documents, attachments and upload sessions; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from intake.attachments.models import Attachment, Document, UploadSession

STORE_CATEGORIES = ("upload", "desk_scan", "result")


async def current(session: AsyncSession, *, dossier_id: uuid.UUID) -> Sequence[tuple[Attachment, Document]]:
    """The files attached now, by component and version."""
    query = (
        select(Attachment, Document)
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.dossier_id == dossier_id, Attachment.removed_at.is_(None))
        .order_by(Attachment.component_code, Attachment.version)
    )
    return [(a, d) for a, d in (await session.execute(query)).all()]


async def every_version(
    session: AsyncSession, *, dossier_id: uuid.UUID
) -> Sequence[tuple[Attachment, Document]]:
    query = (
        select(Attachment, Document)
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.dossier_id == dossier_id)
        .order_by(Attachment.component_code, Attachment.version)
    )
    return [(a, d) for a, d in (await session.execute(query)).all()]


async def attached_components(session: AsyncSession, *, dossier_id: uuid.UUID) -> set[str]:
    query = select(Attachment.component_code).where(
        Attachment.dossier_id == dossier_id, Attachment.removed_at.is_(None)
    )
    return set((await session.scalars(query)).all())


async def attachment(
    session: AsyncSession, *, dossier_id: uuid.UUID, attachment_id: uuid.UUID
) -> tuple[Attachment, Document] | None:
    query = (
        select(Attachment, Document)
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.id == attachment_id, Attachment.dossier_id == dossier_id)
    )
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row else None


async def next_version(session: AsyncSession, *, dossier_id: uuid.UUID, component_code: str) -> int:
    query = select(func.coalesce(func.max(Attachment.version), 0)).where(
        Attachment.dossier_id == dossier_id, Attachment.component_code == component_code
    )
    return int(await session.scalar(query) or 0) + 1


async def document(session: AsyncSession, *, document_id: uuid.UUID) -> Document | None:
    return await session.get(Document, document_id)


async def store(
    session: AsyncSession, *, owner: str, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> Sequence[Document]:
    """The citizen's document store, newest first: what they supplied before and results issued to them."""
    query = select(Document).where(
        Document.owner_subject == owner, Document.reusable.is_(True), Document.category.in_(STORE_CATEGORIES)
    )
    if after is not None:
        query = query.where(tuple_(Document.created_at, Document.id) < tuple_(*after))
    query = query.order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def upload(
    session: AsyncSession, *, upload_id: uuid.UUID, dossier_id: uuid.UUID, for_update: bool = False
) -> UploadSession | None:
    query = select(UploadSession).where(UploadSession.id == upload_id, UploadSession.dossier_id == dossier_id)
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).first()
