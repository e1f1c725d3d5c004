"""HTTP endpoints of the one-stop desk (reception officers of the deciding agency only)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse

from contracts.lifecycle import DossierStatus
from intake.context import IntakeDep
from intake.db import tables
from intake.deps import OutboxDep, SessionDep
from intake.dossiers import views
from intake.dossiers.schemas import DossierRead
from intake.reception import results, service
from intake.reception.schemas import (
    AcceptRequest,
    CounterIntake,
    CounterUpdate,
    QueuePage,
    RefusalIn,
    ResultRead,
    ReturnRequest,
    SupplementRequestIn,
    queue_item,
    result_read,
)
from servicekit.auth import Principal, require
from servicekit.http import Idempotency, PageParamsDep, check_if_match, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/reception", tags=["reception"])
ReceptionOfficer = Annotated[
    Principal, Depends(require(kinds=("official",), roles=(service.RECEPTION_ROLE,)))
]
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables, required=True))]


def _json(body: DossierRead, status_code: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag_for(body.version), **headers},
    )


@router.get(
    "/queue",
    response_model=QueuePage,
    summary="Hàng chờ tiếp nhận của bộ phận một cửa",
    description=(
        "Hồ sơ của các cơ quan của cán bộ theo trạng thái (mặc định: đã nộp, chờ tiếp nhận), chờ lâu nhất "
        "trước; "
        "hồ sơ đã bổ sung quay lại hàng chờ."
    ),
)
async def waiting(
    officer: ReceptionOfficer,
    session: SessionDep,
    page: PageParamsDep,
    status_filter: Annotated[list[DossierStatus] | None, Query(alias="status")] = None,
    agency: Annotated[str | None, Query(max_length=32)] = None,
) -> QueuePage:
    statuses = [s.value for s in status_filter or [DossierStatus.SUBMITTED]]
    rows, next_cursor = await service.queue(
        session, officer=officer, statuses=statuses, agency=agency, limit=page.limit, cursor=page.cursor
    )
    return QueuePage(items=[queue_item(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/dossiers",
    status_code=status.HTTP_201_CREATED,
    response_model=DossierRead,
    summary="Nhận hồ sơ giấy tại quầy hoặc qua bưu chính",
    description=(
        "Cán bộ một cửa nhập hồ sơ cho người nộp trực tiếp (channel desk) hoặc hồ sơ gửi qua bưu chính "
        "(channel postal), rồi đính kèm bản quét và ra quyết định tiếp nhận (R-INT-1). Cần Idempotency-Key."
    ),
)
async def register(
    body: CounterIntake,
    officer: ReceptionOfficer,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    dossier = await service.counter_intake(session, outbox, intake, officer=officer, data=body)
    read = views.read(dossier)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        read,
        headers={"Location": f"/v1/dossiers/{dossier.id}", "ETag": etag_for(read.version)},
    )


@router.get("/dossiers/{dossier_id}", response_model=DossierRead, summary="Xem hồ sơ tại bộ phận một cửa")
async def view(dossier_id: uuid.UUID, officer: ReceptionOfficer, session: SessionDep) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer)
    return _json(views.read(dossier))


@router.patch(
    "/dossiers/{dossier_id}",
    response_model=DossierRead,
    summary="Sửa tờ khai của hồ sơ giấy trước khi quyết định (cần If-Match)",
)
async def correct(
    dossier_id: uuid.UUID,
    body: CounterUpdate,
    request: Request,
    officer: ReceptionOfficer,
    session: SessionDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)
    check_if_match(request, dossier.version)
    errors = await service.update_counter(session, intake, dossier=dossier, officer=officer, data=body)
    return _json(views.read(dossier, errors))


@router.post(
    "/dossiers/{dossier_id}/acceptance",
    response_model=DossierRead,
    summary="Tiếp nhận hồ sơ (cần If-Match)",
    description=(
        "Hồ sơ đầy đủ: cấp mã số hồ sơ (R-FMT-2), tính ngày hẹn trả theo ngày làm việc (mốc 15 giờ, ngày "
        "nghỉ), "
        "lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả (trừ thủ tục trả kết quả ngay, R-INT-4), phát sự kiện "
        "vn.motcua.dossier.received.v1. Hồ sơ thiếu → 422 dossier_incomplete."
    ),
)
async def receive(
    dossier_id: uuid.UUID,
    request: Request,
    officer: ReceptionOfficer,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
    body: AcceptRequest | None = None,
) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)
    check_if_match(request, dossier.version)
    await service.accept(
        session, outbox, intake, dossier=dossier, officer=officer, note=body.note if body else None
    )
    return _json(views.read(dossier))


@router.post(
    "/dossiers/{dossier_id}/supplement-request",
    response_model=DossierRead,
    summary="Yêu cầu bổ sung, hoàn thiện hồ sơ (cần If-Match)",
    description=(
        "Liệt kê một lần mọi nội dung cần bổ sung với lý do và hướng dẫn (R-INT-3); lập Phiếu yêu cầu bổ "
        "sung, "
        "hoàn thiện hồ sơ; người nộp được thông báo."
    ),
)
async def ask_supplement(
    dossier_id: uuid.UUID,
    body: SupplementRequestIn,
    request: Request,
    officer: ReceptionOfficer,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)
    check_if_match(request, dossier.version)
    await service.request_supplement(
        session, outbox, intake, dossier=dossier, officer=officer, items=body.items
    )
    return _json(views.read(dossier))


@router.post(
    "/dossiers/{dossier_id}/refusal",
    response_model=DossierRead,
    summary="Từ chối tiếp nhận hồ sơ (cần If-Match)",
    description="Nêu rõ lý do (R-INT-3); lập Phiếu từ chối tiếp nhận giải quyết hồ sơ.",
)
async def refuse(
    dossier_id: uuid.UUID,
    body: RefusalIn,
    request: Request,
    officer: ReceptionOfficer,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)
    check_if_match(request, dossier.version)
    await service.refuse(
        session, outbox, intake, dossier=dossier, officer=officer, reasons=list(body.reasons)
    )
    return _json(views.read(dossier))


@router.post(
    "/dossiers/{dossier_id}/results",
    status_code=status.HTTP_201_CREATED,
    response_model=ResultRead,
    summary="Ghi nhận bản điện tử của kết quả (PDF)",
    description="Khi hồ sơ đã xử lý xong; kết quả cũng vào kho giấy tờ của người nộp (R-INT-5, R-RES-2).",
)
async def record_result(
    dossier_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="Kết quả (PDF, đã ký số)")],
    officer: ReceptionOfficer,
    session: SessionDep,
    intake: IntakeDep,
    title: Annotated[str, Form(min_length=2, max_length=300)] = "Kết quả giải quyết thủ tục hành chính",
) -> ResultRead:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)

    async def chunks() -> AsyncIterator[bytes]:
        while data := await file.read(1024 * 1024):
            yield data

    document = await results.record_result(
        session,
        intake,
        dossier=dossier,
        officer=officer,
        filename=file.filename or "",
        title=title,
        source=chunks(),
    )
    return result_read(dossier.id, document)


@router.post(
    "/dossiers/{dossier_id}/return",
    response_model=DossierRead,
    summary="Trả kết quả (cần If-Match)",
    description=(
        "Trao tại bộ phận một cửa, gửi qua bưu chính (số hiệu bưu gửi) hoặc trả trực tuyến (mức độ 4, có bản "
        "điện tử) (R-RES-1). Phí phải nộp trước khi trả kết quả phải đã được thanh toán."
    ),
)
async def return_result(
    dossier_id: uuid.UUID,
    body: ReturnRequest,
    request: Request,
    officer: ReceptionOfficer,
    session: SessionDep,
    outbox: OutboxDep,
) -> JSONResponse:
    dossier = await service.load(session, dossier_id=dossier_id, officer=officer, for_update=True)
    check_if_match(request, dossier.version)
    await results.hand_over(
        session,
        outbox,
        dossier=dossier,
        officer=officer,
        channel=body.channel,
        postal_tracking=body.postal_tracking,
        note=body.note,
    )
    return _json(views.read(dossier))
