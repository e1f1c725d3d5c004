"""HTTP endpoints of dossiers: drafts, partial saves, validation, prefill, the owner's views."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status
from fastapi.responses import JSONResponse

from intake.context import IntakeDep
from intake.db import tables
from intake.deps import SessionDep
from intake.dossiers import forms as form_checks
from intake.dossiers import printouts, repository, rules, service, views
from intake.dossiers.schemas import (
    DossierPage,
    DossierRead,
    DraftCreate,
    DraftUpdate,
    FieldProblem,
    HistoryEntry,
    HistoryRead,
    PrefillRead,
    PrefillSuggestion,
    ValidationResult,
)
from intake.dossiers.service import get_own, procedure_of
from servicekit.auth import ApplicantDep, PrincipalDep, bearer_token
from servicekit.http import Idempotency, PageParamsDep, check_if_match, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/dossiers", tags=["dossiers"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables, required=True))]


def _json(body: DossierRead, status_code: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag_for(body.version), **headers},
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DossierRead,
    summary="Tạo hồ sơ nháp",
    description=(
        "Bắt đầu một hồ sơ cho thủ tục đang có hiệu lực; các trường trống được điền sẵn từ tài khoản, "
        "cơ quan và hồ sơ trước đây (R-CAT-4, R-INT-5). Cần Idempotency-Key. "
        "Lỗi tờ khai trả về trong form_errors."
    ),
)
async def create_draft(
    body: DraftCreate,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    intake: IntakeDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    dossier, errors = await service.create_draft(
        session, intake, applicant=applicant, bearer_token=bearer_token(request), data=body
    )
    read = views.read(dossier, errors)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        read,
        headers={"Location": f"/v1/dossiers/{dossier.id}", "ETag": etag_for(dossier.version)},
    )


@router.get("", response_model=DossierPage, summary="Hồ sơ của tôi (mới nhất trước)")
async def list_my_dossiers(principal: PrincipalDep, session: SessionDep, page: PageParamsDep) -> DossierPage:
    rows, next_cursor = await service.list_mine(
        session, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return DossierPage(items=[views.read(r) for r in rows], next_cursor=next_cursor)


@router.get("/{dossier_id}", response_model=DossierRead, summary="Xem một hồ sơ")
async def get_dossier(
    dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, intake: IntakeDep
) -> JSONResponse:
    dossier = await service.get_visible(session, dossier_id=dossier_id, principal=principal)
    errors = None
    if principal.is_applicant and rules.applicant_may_edit(dossier.status):
        procedure = await procedure_of(intake, dossier)
        errors = await form_checks.form_errors(intake.catalog, procedure, dossier.forms)
    return _json(views.read(dossier, errors))


@router.patch(
    "/{dossier_id}",
    response_model=DossierRead,
    summary="Lưu tờ khai (cần If-Match)",
    description=(
        "Lưu từng phần: mỗi biểu mẫu gửi lên thay cho bản đã lưu, null để xóa. Dữ liệu chưa hợp lệ "
        "vẫn được lưu; các lỗi theo từng trường trả về trong form_errors. "
        "Chỉ sửa được bản nháp hoặc hồ sơ đang bổ sung."
    ),
)
async def save_draft(
    dossier_id: uuid.UUID,
    body: DraftUpdate,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    check_if_match(request, dossier.version)
    errors = await service.update_draft(session, intake, dossier=dossier, principal=applicant, data=body)
    return _json(views.read(dossier, errors))


@router.delete(
    "/{dossier_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Xóa bản nháp (cần If-Match)",
    description="Hồ sơ đã nộp không xóa được; người nộp có thể rút hồ sơ.",
)
async def delete_draft(
    dossier_id: uuid.UUID, request: Request, applicant: ApplicantDep, session: SessionDep
) -> Response:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    check_if_match(request, dossier.version)
    await service.delete_draft(session, dossier=dossier)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{dossier_id}/validation",
    response_model=ValidationResult,
    summary="Kiểm tra hồ sơ trước khi nộp",
    description=(
        "Liệt kê một lần mọi thiếu sót: tờ khai chưa khai, giấy tờ bắt buộc chưa đính kèm, lỗi từng trường."
    ),
)
async def check_dossier(
    dossier_id: uuid.UUID, applicant: ApplicantDep, session: SessionDep, intake: IntakeDep
) -> ValidationResult:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant)
    procedure = await procedure_of(intake, dossier)
    attached = await service.attached_components(session, dossier=dossier)
    errors = await form_checks.completeness(intake.catalog, procedure, dossier.forms, attached)
    return ValidationResult(complete=not errors, errors=[FieldProblem(**e) for e in errors])


@router.get(
    "/{dossier_id}/prefill",
    response_model=PrefillRead,
    summary="Giá trị có thể điền sẵn",
    description="Theo từng trường: từ tài khoản, thông tin cơ quan và các hồ sơ đã nộp (R-CAT-4, R-INT-5).",
)
async def prefill_values(
    dossier_id: uuid.UUID, request: Request, applicant: ApplicantDep, session: SessionDep, intake: IntakeDep
) -> PrefillRead:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant)
    procedure = await procedure_of(intake, dossier)
    offered = await service.suggestions(
        session,
        intake,
        procedure,
        subject=applicant.subject,
        bearer_token=bearer_token(request),
        principal=applicant,
    )
    return PrefillRead(items=[PrefillSuggestion(**vars(s)) for s in offered])


@router.get("/{dossier_id}/history", response_model=HistoryRead, summary="Lịch sử xử lý hồ sơ")
async def dossier_history(dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> HistoryRead:
    dossier = await service.get_visible(session, dossier_id=dossier_id, principal=principal)
    entries = await repository.history(session, dossier_id=dossier.id)
    return HistoryRead(items=[HistoryEntry.model_validate(e) for e in entries])


@router.get(
    "/{dossier_id}/forms/{form_code}/printout",
    response_class=Response,
    summary="In tờ khai đã nhập (PDF)",
    description="Bản in những thông tin đã khai trên biểu mẫu điện tử, để lưu hoặc in (R-CAT-4).",
    responses={200: {"content": {"application/pdf": {}}}},
)
async def print_form(
    dossier_id: uuid.UUID,
    form_code: Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")],
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
) -> Response:
    dossier = await service.get_visible(session, dossier_id=dossier_id, principal=principal)
    content = await printouts.printout(intake, dossier, form_code)
    filename = f"{form_code}-{dossier.code or dossier.id}-v{dossier.version}.pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "ETag": etag_for(dossier.version),
        },
    )
