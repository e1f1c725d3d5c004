"""The operator API of the national sync: system administrators (every dossier) and agency
administrators (their agencies' dossiers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query

from nationalsync.deps import SessionDep
from nationalsync.operations import service
from nationalsync.operations.schemas import (
    DossierSyncDetail,
    DossierSyncPage,
    DossierSyncRead,
    FailurePage,
    FailureRead,
    RetryAll,
    RetryResult,
    SyncSummary,
)
from nationalsync.operations.service import AGENCY_ADMIN, SYSTEM_ADMIN, Scope
from nationalsync.queue.models import JobKind
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.repository import to_state
from servicekit.auth import Principal, require
from servicekit.db import utcnow
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/national-sync", tags=["national-sync"])
Operator = Annotated[
    Principal, Depends(require(kinds=("official", "system"), roles=(SYSTEM_ADMIN, AGENCY_ADMIN)))
]
AgencyFilter = Annotated[
    str | None,
    Query(max_length=32, description="Chỉ hồ sơ của cơ quan này (mã QCVN 102)", examples=["000.00.00.G12"]),
]
DossierRef = Annotated[
    str, Path(max_length=64, description="Mã hồ sơ (R-FMT-2) hoặc mã định danh UUID của hồ sơ")
]


def _columns(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _read(row: DossierRecord) -> DossierSyncRead:
    national = to_state(row).national_status
    return DossierSyncRead.model_validate(
        {**_columns(row), "national_status": int(national) if national is not None else None}
    )


@router.get(
    "/summary",
    response_model=SyncSummary,
    summary="Số hồ sơ và lần đồng bộ theo trạng thái",
    description="Hồ sơ: chờ dữ liệu, đang chờ gửi, đã đồng bộ, bị dừng chờ xử lý; lần đồng bộ chờ lâu nhất.",
)
async def get_summary(
    principal: Operator, session: SessionDep, agency_code: AgencyFilter = None
) -> SyncSummary:
    counts = await service.summary(session, Scope.of(principal), agency_code=agency_code)
    return SyncSummary.model_validate(counts)


@router.get(
    "/failures",
    response_model=FailurePage,
    summary="Các lần đồng bộ bị dừng, chờ quản trị viên",
    description=(
        "Cổng quốc gia từ chối dữ liệu (kèm thông báo và các trường lỗi) hoặc đã hết lượt thử lại; "
        "cũ nhất trước."
    ),
)
async def list_failures(
    principal: Operator,
    session: SessionDep,
    page: PageParamsDep,
    agency_code: AgencyFilter = None,
    kind: Annotated[
        JobKind | None, Query(description="record: bản ghi hồ sơ; progress: tiến độ xử lý")
    ] = None,
) -> FailurePage:
    rows, next_cursor = await service.failures(
        session,
        Scope.of(principal),
        agency_code=agency_code,
        kind=kind.value if kind else None,
        limit=page.limit,
        cursor=page.cursor,
    )
    items = [
        FailureRead.model_validate(
            {
                **_columns(job),
                "job_id": job.id,
                "dossier_code": record.dossier_code,
                "agency_code": record.agency_code,
            }
        )
        for job, record in rows
    ]
    return FailurePage(items=items, next_cursor=next_cursor)


@router.post(
    "/failures/retry",
    response_model=RetryResult,
    summary="Gửi lại mọi lần đồng bộ bị dừng",
    description="Của mọi cơ quan trong phạm vi của bạn, hoặc của một cơ quan (`agency_code`).",
)
async def retry_failures(
    principal: Operator, session: SessionDep, body: Annotated[RetryAll | None, Body()] = None
) -> RetryResult:
    agency_code = body.agency_code if body else None
    dossiers, jobs = await service.retry_all(
        session, Scope.of(principal), agency_code=agency_code, now=utcnow()
    )
    return RetryResult(dossiers=dossiers, jobs=jobs)


@router.post(
    "/failures/{job_id}/retry",
    response_model=DossierSyncRead,
    summary="Gửi lại một lần đồng bộ bị dừng",
    description="Hồ sơ của lần đồng bộ này được đưa lại hàng đợi, với mọi thay đổi của nó đang chờ.",
)
async def retry_failure(
    job_id: Annotated[int, Path(ge=1)], principal: Operator, session: SessionDep
) -> DossierSyncRead:
    scope = Scope.of(principal)
    _, record = await service.get_failure(session, scope, job_id)
    row = await service.get_dossier(session, scope, str(record.dossier_id), for_update=True)
    await service.retry(session, row, now=utcnow())
    return _read(row)


@router.get(
    "/dossiers",
    response_model=DossierSyncPage,
    summary="Hồ sơ và trạng thái đồng bộ",
    description="Mới thay đổi nhất trước; lọc theo trạng thái đồng bộ và cơ quan.",
)
async def list_dossiers(
    principal: Operator,
    session: SessionDep,
    page: PageParamsDep,
    agency_code: AgencyFilter = None,
    state: Annotated[QueueState | None, Query(description="held, pending, synced, parked")] = None,
) -> DossierSyncPage:
    rows, next_cursor = await service.dossiers(
        session,
        Scope.of(principal),
        agency_code=agency_code,
        state=state,
        limit=page.limit,
        cursor=page.cursor,
    )
    return DossierSyncPage(items=[_read(r) for r in rows], next_cursor=next_cursor)


@router.get(
    "/dossiers/{ref}",
    response_model=DossierSyncDetail,
    summary="Lịch sử đồng bộ của một hồ sơ",
    description=(
        "Bản ghi theo R-FMT-4 như sẽ gửi lúc này, các thay đổi cần đồng bộ và các lần gọi Cổng quốc gia."
    ),
)
async def get_dossier(ref: DossierRef, principal: Operator, session: SessionDep) -> DossierSyncDetail:
    row = await service.get_dossier(session, Scope.of(principal), ref)
    history = await service.history(session, row)
    return DossierSyncDetail.model_validate({**_read(row).model_dump(), **history})


@router.post(
    "/dossiers/{ref}/retry",
    response_model=DossierSyncRead,
    summary="Gửi lại ngay các thay đổi của một hồ sơ",
    description="Lần đồng bộ bị dừng được gửi lại; hồ sơ đang chờ thử lại được gửi ngay.",
)
async def retry_dossier(ref: DossierRef, principal: Operator, session: SessionDep) -> DossierSyncRead:
    row = await service.get_dossier(session, Scope.of(principal), ref, for_update=True)
    await service.retry(session, row, now=utcnow())
    return _read(row)
