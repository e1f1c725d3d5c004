"""Use cases on a dossier's files: attach (uploaded whole, resumed in chunks, or reused from the
citizen's document store), remove, and read back. Content goes to the storage; rows record name,
type by content, size and SHA-256 (R-CAT-4, R-INT-5)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import Channel, DossierStatus
from intake.attachments import repository, rules
from intake.attachments.errors import (
    AttachmentNotFound,
    DocumentNotFound,
    EmptyFile,
    FileContentMismatch,
    FileTooLarge,
    FileTypeNotAccepted,
    NotYourDossierFiles,
    UnknownComponent,
)
from intake.attachments.models import Attachment, Document
from intake.catalog.models import Component, ProcedureVersion
from intake.context import Intake
from intake.dossiers import history
from intake.dossiers.models import Dossier
from intake.dossiers.rules import applicant_may_edit
from intake.dossiers.service import procedure_of
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7
from servicekit.errors import Forbidden

RECEPTION_ROLE = "reception_officer"


@dataclass(frozen=True)
class Stored:
    """A file written to the storage, checked and hashed."""

    key: str
    size: int
    sha256: str
    content_type: str


def ensure_may_change(dossier: Dossier, principal: Principal) -> None:
    """The applicant changes files while editing; a reception officer scans paper dossiers at the desk."""
    if principal.is_applicant:
        if not applicant_may_edit(dossier.status):
            raise NotYourDossierFiles(status=DossierStatus(dossier.status).label)
        return
    if not principal.has_role(RECEPTION_ROLE):
        raise Forbidden()
    counter = dossier.channel in (Channel.DESK.value, Channel.POSTAL.value)
    if not counter or dossier.status != DossierStatus.SUBMITTED.value:
        raise NotYourDossierFiles(status=DossierStatus(dossier.status).label)


def attachment_component(procedure: ProcedureVersion, code: str) -> Component:
    component = procedure.component(code)
    if component is None or component.is_form:
        raise UnknownComponent(component_code=code)
    return component


def check_name(filename: str, component: Component) -> str:
    name = rules.sanitise_filename(filename)
    allowed = rules.accepted(component)
    extension = rules.extension_of(name)
    if extension not in allowed and not (extension == "jpeg" and "jpg" in allowed):
        raise FileTypeNotAccepted(accepted=", ".join(allowed))
    return name


def check_content(filename: str, head: bytes, component: Component) -> str:
    verdict = rules.judge(filename, head, component)
    if verdict.ok and verdict.content_type:
        return verdict.content_type
    if verdict.problem == "not_accepted":
        raise FileTypeNotAccepted(accepted=", ".join(rules.accepted(component)))
    raise FileContentMismatch(
        filename=filename,
        extension=rules.extension_of(filename),
        detected=verdict.detected or "không xác định",
    )


async def store_stream(
    intake: Intake, source: AsyncIterator[bytes], *, filename: str, component: Component, limit: int
) -> Stored:
    """Write what arrives as parts of at most ``max_chunk_mb`` (bounded memory), check the first bytes
    against the name, stop past the limit, then compose the parts into one object and hash it."""
    storage = intake.storage
    staging = f"uploads/{uuid7()}"
    parts: list[str] = []
    buffer = bytearray()
    head = b""
    size = 0
    digest = hashlib.sha256()
    part_size = intake.settings.max_chunk_mb * rules.MIB

    async def flush() -> None:
        key = f"{staging}/{len(parts):06d}"
        await storage.put(key, bytes(buffer))
        parts.append(key)
        buffer.clear()

    try:
        async for chunk in source:
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(limit_mb=limit // rules.MIB)
            digest.update(chunk)
            if len(head) < rules.MAGIC_BYTES:
                checked = len(head) >= rules.MIN_MAGIC_BYTES
                head = (head + chunk)[: rules.MAGIC_BYTES]
                if not checked and len(head) >= rules.MIN_MAGIC_BYTES:
                    check_content(filename, head, component)  # stop a disguised file before storing it
            buffer += chunk
            if len(buffer) >= part_size:
                await flush()
        if size == 0:
            raise EmptyFile()
        content_type = check_content(filename, head, component)
        if buffer:
            await flush()
        key = f"documents/{uuid7()}"
        await storage.compose(key, parts, content_type=content_type)
    finally:
        for part in parts:
            await storage.delete(part)
    return Stored(key=key, size=size, sha256=digest.hexdigest(), content_type=content_type)


async def add(
    session: AsyncSession,
    *,
    dossier: Dossier,
    principal: Principal,
    component: Component,
    document: Document,
    reused: bool = False,
) -> Attachment:
    """Attach a stored document to a component; earlier files of the component stay attached."""
    now = utcnow()
    attachment = Attachment(
        dossier_id=dossier.id,
        component_code=component.code,
        document_id=document.id,
        version=await repository.next_version(session, dossier_id=dossier.id, component_code=component.code),
        supplement_round=dossier.supplement_round,
        added_by=principal.subject,
        added_at=now,
    )
    session.add(attachment)
    dossier.updated_at = now  # a new ETag: a code sent for the previous content no longer confirms this one
    history.record(
        session,
        dossier,
        "document_reused" if reused else "document_added",
        history.Actor.of(principal),
        details={
            "component_code": component.code,
            "filename": document.filename,
            "sha256": document.sha256,
            "size": document.size,
        },
    )
    await session.flush()
    return attachment


def new_document(
    dossier: Dossier, principal: Principal, stored: Stored, *, filename: str, title: str
) -> Document:
    return Document(
        owner_subject=dossier.applicant_subject,
        category="upload" if principal.is_applicant else "desk_scan",
        title=title,
        filename=filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        reusable=True,
        dossier_id=dossier.id,
        created_by=principal.subject,
        created_at=utcnow(),
    )


async def upload(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    principal: Principal,
    component_code: str,
    filename: str,
    source: AsyncIterator[bytes],
) -> tuple[Attachment, Document]:
    ensure_may_change(dossier, principal)
    procedure = await procedure_of(intake, dossier)
    component = attachment_component(procedure, component_code)
    name = check_name(filename, component)
    limit = rules.max_bytes(component, intake.settings.default_max_file_mb)
    stored = await store_stream(intake, source, filename=name, component=component, limit=limit)
    document = new_document(dossier, principal, stored, filename=name, title=component.name)
    session.add(document)
    await session.flush()
    attachment = await add(
        session, dossier=dossier, principal=principal, component=component, document=document
    )
    return attachment, document


async def reuse(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    principal: Principal,
    component_code: str,
    document_id: uuid.UUID,
) -> tuple[Attachment, Document]:
    """Attach a document the applicant supplied before, or a result issued to them (R-INT-5)."""
    ensure_may_change(dossier, principal)
    procedure = await procedure_of(intake, dossier)
    component = attachment_component(procedure, component_code)
    document = await repository.document(session, document_id=document_id)
    if (
        document is None
        or document.owner_subject != dossier.applicant_subject
        or not document.reusable
        or document.category not in repository.STORE_CATEGORIES
    ):
        raise DocumentNotFound(document_id=str(document_id))
    check_name(document.filename, component)
    limit = rules.max_bytes(component, intake.settings.default_max_file_mb)
    if document.size > limit:
        raise FileTooLarge(limit_mb=limit // rules.MIB)
    head = await intake.storage.head(document.storage_key, rules.MAGIC_BYTES)
    check_content(document.filename, head, component)
    attachment = await add(
        session, dossier=dossier, principal=principal, component=component, document=document, reused=True
    )
    return attachment, document


async def remove(
    session: AsyncSession, *, dossier: Dossier, principal: Principal, attachment_id: uuid.UUID
) -> None:
    """Detach a file; it stays in the history (and in the citizen's store), marked removed."""
    ensure_may_change(dossier, principal)
    found = await repository.attachment(session, dossier_id=dossier.id, attachment_id=attachment_id)
    if found is None or found[0].removed_at is not None:
        raise AttachmentNotFound()
    attachment, document = found
    now = utcnow()
    attachment.removed_at = now
    attachment.removed_by = principal.subject
    dossier.updated_at = now
    history.record(
        session,
        dossier,
        "document_removed",
        history.Actor.of(principal),
        details={"component_code": attachment.component_code, "filename": document.filename},
    )
    await session.flush()
