"""The citizen's document store (R-INT-5): documents supplied before and results issued, reusable in a
new dossier without uploading again. Only their owner sees them."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Response, status
from fastapi.responses import StreamingResponse

from intake.attachments import repository
from intake.attachments.downloads import file_response
from intake.attachments.errors import DocumentNotFound
from intake.attachments.models import Document
from intake.attachments.schemas import DocumentPage
from intake.attachments.views import document_read
from intake.context import IntakeDep
from intake.deps import SessionDep
from servicekit.auth import ApplicantDep
from servicekit.http import PageParamsDep, decode_cursor, encode_cursor

router = APIRouter(prefix="/v1/dossiers/documents", tags=["document-store"])


async def _own(session: SessionDep, applicant: ApplicantDep, document_id: uuid.UUID) -> Document:
    document = await repository.document(session, document_id=document_id)
    if (
        document is None
        or document.owner_subject != applicant.subject
        or not document.reusable
        or document.category not in repository.STORE_CATEGORIES
    ):
        raise DocumentNotFound(document_id=str(document_id))
    return document


@router.get("", response_model=DocumentPage, summary="Kho giấy tờ của tôi")
async def list_documents(applicant: ApplicantDep, session: SessionDep, page: PageParamsDep) -> DocumentPage:
    after = None
    if page.cursor:
        created_at, document_id = decode_cursor(page.cursor, 2)
        after = (datetime.fromisoformat(created_at), uuid.UUID(document_id))
    rows = list(await repository.store(session, owner=applicant.subject, limit=page.limit + 1, after=after))
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].id])
    return DocumentPage(items=[document_read(d) for d in rows], next_cursor=next_cursor)


@router.get(
    "/{document_id}/content",
    response_class=StreamingResponse,
    summary="Tải một giấy tờ trong kho",
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_document(
    document_id: uuid.UUID, applicant: ApplicantDep, session: SessionDep, intake: IntakeDep
) -> StreamingResponse:
    return file_response(intake.storage, await _own(session, applicant, document_id))


@router.delete(
    "/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Bỏ một giấy tờ khỏi kho",
    description="Giấy tờ không còn được gợi ý dùng lại; hồ sơ đã nộp vẫn giữ nguyên tệp của mình.",
)
async def hide_document(document_id: uuid.UUID, applicant: ApplicantDep, session: SessionDep) -> Response:
    document = await _own(session, applicant, document_id)
    document.reusable = False
    return Response(status_code=status.HTTP_204_NO_CONTENT)
