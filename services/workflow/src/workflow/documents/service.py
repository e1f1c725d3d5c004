"""Storing and finding a process's documents."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence

import filetype
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from servicekit.errors import FieldError
from servicekit.i18n import Text
from workflow.documents.models import ProcessDocument
from workflow.processes.models import ProcessInstance
from workflow.tasks.errors import DocumentInvalid, DocumentNotFound, DocumentTooLarge

#: What officers may attach: scans and PDFs, recognised by their content, not their name.
ALLOWED_MEDIA_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
NOT_ALLOWED = Text(
    "Chỉ nhận tệp PDF, JPEG hoặc PNG (nhận diện theo nội dung tệp).",
    "Only PDF, JPEG or PNG files are accepted (recognised by their content).",
)
NOT_OF_PROCESS = Text("Tài liệu không thuộc hồ sơ này.", "The document does not belong to this dossier.")


def sniff(content: bytes) -> str | None:
    kind = filetype.guess(content[:8192])
    media = kind.mime if kind is not None else None
    return media if media in ALLOWED_MEDIA_TYPES else None


async def store(
    session: AsyncSession,
    instance: ProcessInstance,
    *,
    kind: str,
    filename: str,
    media_type: str,
    content: bytes,
    created_by: str,
    for_applicant: bool = False,
) -> ProcessDocument:
    document = ProcessDocument(
        instance_id=instance.id,
        kind=kind,
        filename=filename,
        media_type=media_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        for_applicant=for_applicant,
        created_by=created_by,
    )
    session.add(document)
    await session.flush()
    return document


async def upload(
    session: AsyncSession,
    instance: ProcessInstance,
    *,
    filename: str,
    content: bytes,
    created_by: str,
    max_bytes: int,
) -> ProcessDocument:
    if len(content) > max_bytes:
        raise DocumentTooLarge(limit=max_bytes)
    media = sniff(content) if content else None
    if media is None:
        raise DocumentInvalid(
            NOT_ALLOWED, errors=[FieldError("file", "unsupported_type", NOT_ALLOWED.render())]
        )
    safe_name = filename.replace("/", "_").replace("\\", "_").strip()[:200] or "tai-lieu"
    return await store(
        session,
        instance,
        kind="attachment",
        filename=safe_name,
        media_type=media,
        content=content,
        created_by=created_by,
    )


async def ensure_of_instance(
    session: AsyncSession,
    instance: ProcessInstance,
    ids: Sequence[uuid.UUID],
    *,
    field: str = "attachment_ids",
) -> list[ProcessDocument]:
    """The documents named, each of which must belong to the instance (422 otherwise, nothing changed)."""
    if not ids:
        return []
    rows = {
        d.id: d
        for d in await session.scalars(
            select(ProcessDocument).where(
                ProcessDocument.id.in_(set(ids)), ProcessDocument.instance_id == instance.id
            )
        )
    }
    errors = [
        FieldError(f"{field}.{i}", "not_of_process", NOT_OF_PROCESS.render())
        for i, d in enumerate(ids)
        if d not in rows
    ]
    if errors:
        raise DocumentInvalid(NOT_OF_PROCESS, errors=errors)
    return [rows[d] for d in ids]


async def list_for(session: AsyncSession, instance_id: uuid.UUID) -> list[ProcessDocument]:
    rows = await session.scalars(
        select(ProcessDocument)
        .where(ProcessDocument.instance_id == instance_id)
        .order_by(ProcessDocument.created_at)
    )
    return list(rows.all())


async def get(session: AsyncSession, instance_id: uuid.UUID, document_id: uuid.UUID) -> ProcessDocument:
    document = await session.scalar(
        select(ProcessDocument)
        .where(ProcessDocument.id == document_id, ProcessDocument.instance_id == instance_id)
        .options(undefer(ProcessDocument.content))
    )
    if document is None:
        raise DocumentNotFound()
    return document
