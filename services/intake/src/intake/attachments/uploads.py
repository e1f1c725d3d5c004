"""Resumable uploads of large scans: the client announces the file, sends chunks at the offset the
server reports (asking for it again after a broken connection), and the file is checked and attached
when the last byte arrives. Each chunk is stored as a part at once; memory holds one chunk at most."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from intake.attachments import repository, rules
from intake.attachments.errors import (
    FileTooLarge,
    UploadExpired,
    UploadFinished,
    UploadNotFound,
    UploadOffsetMismatch,
)
from intake.attachments.models import Attachment, Document, UploadSession
from intake.attachments.service import (
    Stored,
    add,
    attachment_component,
    check_content,
    check_name,
    ensure_may_change,
    new_document,
)
from intake.context import Intake
from intake.dossiers.models import Dossier
from intake.dossiers.service import procedure_of
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7


def part_key(upload: UploadSession, index: int) -> str:
    return f"uploads/{upload.id}/{index:06d}"


async def start(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    principal: Principal,
    component_code: str,
    filename: str,
    size: int,
) -> UploadSession:
    ensure_may_change(dossier, principal)
    procedure = await procedure_of(intake, dossier)
    component = attachment_component(procedure, component_code)
    name = check_name(filename, component)
    limit = rules.max_bytes(component, intake.settings.default_max_file_mb)
    if size > limit:
        raise FileTooLarge(limit_mb=limit // rules.MIB)
    now = utcnow()
    upload = UploadSession(
        dossier_id=dossier.id,
        component_code=component.code,
        created_by=principal.subject,
        filename=name,
        size=size,
        received=0,
        chunks=0,
        created_at=now,
        expires_at=now + timedelta(hours=intake.settings.upload_expiry_hours),
    )
    session.add(upload)
    await session.flush()
    return upload


async def get(
    session: AsyncSession,
    *,
    dossier: Dossier,
    principal: Principal,
    upload_id: uuid.UUID,
    for_update: bool = False,
) -> UploadSession:
    upload = await repository.upload(
        session, upload_id=upload_id, dossier_id=dossier.id, for_update=for_update
    )
    if upload is None or upload.created_by != principal.subject:
        raise UploadNotFound()
    return upload


async def append(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    principal: Principal,
    upload: UploadSession,
    offset: int,
    data: bytes,
) -> tuple[Attachment, Document] | None:
    """Store one chunk at ``offset``; on the last one, assemble, check and attach the file."""
    if upload.completed_at is not None:
        raise UploadFinished()
    if upload.expires_at <= utcnow():
        raise UploadExpired()
    ensure_may_change(dossier, principal)
    if offset != upload.received:
        raise UploadOffsetMismatch(received=upload.received, headers={"Upload-Offset": str(upload.received)})
    if upload.received + len(data) > upload.size:
        raise FileTooLarge(limit_mb=max(1, upload.size // rules.MIB))
    procedure = await procedure_of(intake, dossier)
    component = attachment_component(procedure, upload.component_code)
    if upload.chunks == 0 and (len(data) >= rules.MIN_MAGIC_BYTES or len(data) == upload.size):
        check_content(upload.filename, data[: rules.MAGIC_BYTES], component)  # an .exe stops at chunk one
    if data:
        await intake.storage.put(part_key(upload, upload.chunks), data)
        upload.chunks += 1
        upload.received += len(data)
    if upload.received < upload.size:
        await session.flush()
        return None
    return await _complete(session, intake, dossier=dossier, principal=principal, upload=upload)


async def _complete(
    session: AsyncSession, intake: Intake, *, dossier: Dossier, principal: Principal, upload: UploadSession
) -> tuple[Attachment, Document]:
    storage = intake.storage
    procedure = await procedure_of(intake, dossier)
    component = attachment_component(procedure, upload.component_code)
    parts = [part_key(upload, i) for i in range(upload.chunks)]
    head = await storage.head(parts[0], rules.MAGIC_BYTES)
    content_type = check_content(upload.filename, head, component)
    key = f"documents/{uuid7()}"
    size = await storage.compose(key, parts, content_type=content_type)
    digest = hashlib.sha256()
    async for chunk in storage.stream(key):
        digest.update(chunk)
    for part in parts:
        await storage.delete(part)
    stored = Stored(key=key, size=size, sha256=digest.hexdigest(), content_type=content_type)
    document = new_document(dossier, principal, stored, filename=upload.filename, title=component.name)
    session.add(document)
    await session.flush()
    attachment = await add(
        session, dossier=dossier, principal=principal, component=component, document=document
    )
    upload.completed_at = utcnow()
    upload.attachment_id = attachment.id
    await session.flush()
    return attachment, document
