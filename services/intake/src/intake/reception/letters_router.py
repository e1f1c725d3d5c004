"""The letters of a dossier (receipt, supplement request, refusal), for its applicant and the agency."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from intake.attachments.downloads import file_response
from intake.attachments.errors import DocumentNotFound
from intake.attachments.models import Document
from intake.context import IntakeDep
from intake.deps import SessionDep
from intake.dossiers.service import get_visible
from intake.reception.letters import TITLES
from intake.reception.models import LetterJob
from intake.reception.schemas import LetterPage, LetterRead
from servicekit.auth import PrincipalDep

router = APIRouter(prefix="/v1/dossiers/{dossier_id}/letters", tags=["letters"])


@router.get(
    "",
    response_model=LetterPage,
    summary="Phiếu, giấy tờ do hệ thống lập cho hồ sơ",
    description=(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Phiếu yêu cầu bổ sung, Phiếu từ chối (R-INT-2, R-INT-3), "
        "theo thứ tự lập; status=pending khi phiếu đang được lập (vài giây sau quyết định)."
    ),
)
async def list_letters(dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> LetterPage:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    jobs = (
        await session.scalars(
            select(LetterJob).where(LetterJob.dossier_id == dossier.id).order_by(LetterJob.created_at)
        )
    ).all()
    documents = {
        d.id: d
        for d in (
            await session.scalars(
                select(Document).where(Document.dossier_id == dossier.id, Document.category == "letter")
            )
        ).all()
    }
    items = []
    for job in jobs:
        document = documents.get(job.document_id)
        items.append(
            LetterRead(
                id=job.document_id,
                kind=job.kind,
                title=TITLES[job.kind],
                status="issued" if document else ("failed" if job.attempts >= 5 else "pending"),
                filename=document.filename if document else None,
                size=document.size if document else None,
                sha256=document.sha256 if document else None,
                created_at=document.created_at if document else job.created_at,
                content_url=f"/v1/dossiers/{dossier.id}/letters/{job.document_id}/content"
                if document
                else None,
            )
        )
    return LetterPage(items=items)


@router.get(
    "/{letter_id}/content",
    response_class=StreamingResponse,
    summary="Tải phiếu (PDF)",
    responses={200: {"content": {"application/pdf": {}}}},
)
async def download_letter(
    dossier_id: uuid.UUID,
    letter_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
) -> StreamingResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    document = await session.get(Document, letter_id)
    if document is None or document.dossier_id != dossier.id or document.category != "letter":
        raise DocumentNotFound(document_id=str(letter_id))
    return file_response(intake.storage, document, inline=True)
