"""The results of a dossier for its applicant (once returned online) and the agency's officers."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from intake.attachments.downloads import file_response
from intake.attachments.errors import DocumentNotFound
from intake.context import IntakeDep
from intake.deps import SessionDep
from intake.dossiers.service import get_visible
from intake.reception.results import applicant_may_download, results_of
from intake.reception.schemas import ResultPage, result_read
from servicekit.auth import PrincipalDep

router = APIRouter(prefix="/v1/dossiers/{dossier_id}/results", tags=["results"])


@router.get(
    "",
    response_model=ResultPage,
    summary="Kết quả giải quyết (bản điện tử)",
    description="Người nộp thấy kết quả khi đã được trả trực tuyến (R-RES-1); cán bộ của cơ quan thấy ngay.",
)
async def list_results(dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> ResultPage:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    if principal.is_applicant and not applicant_may_download(dossier):
        return ResultPage(items=[])
    return ResultPage(items=[result_read(dossier.id, d) for d in await results_of(session, dossier)])


@router.get(
    "/{document_id}/content",
    response_class=StreamingResponse,
    summary="Tải kết quả (PDF)",
    responses={200: {"content": {"application/pdf": {}}}},
)
async def download_result(
    dossier_id: uuid.UUID,
    document_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
) -> StreamingResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    found = next((d for d in await results_of(session, dossier) if d.id == document_id), None)
    if found is None or (principal.is_applicant and not applicant_may_download(dossier)):
        raise DocumentNotFound(document_id=str(document_id))
    return file_response(intake.storage, found)
