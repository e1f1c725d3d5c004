"""The declaration an organisation signs: issued once per dossier version and kept, so the signed
file can be compared with exactly what was issued."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from intake.attachments.models import Document
from intake.context import Intake
from intake.dossiers import printouts
from intake.dossiers.models import Dossier
from intake.dossiers.service import procedure_of
from servicekit.db import utcnow


def declaration_key(dossier: Dossier) -> str:
    return f"declarations/{dossier.id}/v{dossier.version}"


async def issued(session: AsyncSession, dossier: Dossier) -> Document | None:
    query = select(Document).where(Document.storage_key == declaration_key(dossier))
    return (await session.scalars(query)).first()


async def issue(session: AsyncSession, intake: Intake, *, dossier: Dossier, subject: str) -> Document:
    """The declaration of this version, made and stored the first time it is asked for."""
    existing = await issued(session, dossier)
    if existing is not None:
        return existing
    procedure = await procedure_of(intake, dossier)
    content = await printouts.printout(intake, dossier, printouts.main_form(procedure))
    key = declaration_key(dossier)
    await intake.storage.put(key, content, content_type="application/pdf")
    document = Document(
        owner_subject=dossier.applicant_subject,
        category="declaration",
        title=f"Tờ khai để ký số — phiên bản {dossier.version}",
        filename=f"to-khai-{dossier.id}-v{dossier.version}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=key,
        reusable=False,
        dossier_id=dossier.id,
        created_by=subject,
        created_at=utcnow(),
    )
    session.add(document)
    await session.flush()
    return document
