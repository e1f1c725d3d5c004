"""HTTP endpoints of dossiers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.responses import JSONResponse

from intake.db import tables
from intake.deps import OutboxDep, SessionDep
from intake.dossiers import service
from intake.dossiers.schemas import DossierCreate, DossierPage, DossierRead
from servicekit.auth import ApplicantDep, PrincipalDep
from servicekit.http import Idempotency, PageParamsDep, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/dossiers", tags=["dossiers"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables, required=True))]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DossierRead,
    summary="Nộp hồ sơ trực tuyến",
    description="Tạo và nộp một hồ sơ; cần tiêu đề Idempotency-Key để không tạo trùng khi gửi lại.",
)
async def submit_dossier(
    body: DossierCreate,
    applicant: ApplicantDep,
    session: SessionDep,
    outbox: OutboxDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    dossier = await service.submit_online(session, outbox, applicant=applicant, data=body)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        DossierRead.model_validate(dossier),
        headers={"Location": f"/v1/dossiers/{dossier.id}", "ETag": etag_for(dossier.version)},
    )


@router.get("", response_model=DossierPage, summary="Hồ sơ của tôi")
async def list_my_dossiers(principal: PrincipalDep, session: SessionDep, page: PageParamsDep) -> DossierPage:
    rows, next_cursor = await service.list_mine(
        session, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return DossierPage(items=[DossierRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/{dossier_id}", response_model=DossierRead, summary="Xem một hồ sơ")
async def get_dossier(dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> JSONResponse:
    dossier = await service.get_visible(session, dossier_id=dossier_id, principal=principal)
    body = DossierRead.model_validate(dossier).model_dump(mode="json")
    return JSONResponse(body, headers={"ETag": etag_for(dossier.version)})
