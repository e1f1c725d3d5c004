"""HTTP endpoints of agencies: public reads, writes for the agency's catalogue administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import JSONResponse

from catalog.agencies import service
from catalog.agencies.rules import AdministrativeLevel
from catalog.agencies.schemas import AgencyCreate, AgencyPage, AgencyRead, AgencyUpdate
from catalog.auth import CatalogEditor
from catalog.codes import AGENCY_CODE_PATTERN
from catalog.db import tables
from catalog.deps import OutboxDep, ReadSessionDep, SessionDep
from servicekit.http import Idempotency, PageParamsDep, check_if_match, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/agencies", tags=["agencies"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]
AgencyCodePath = Annotated[
    str,
    Path(
        pattern=AGENCY_CODE_PATTERN,
        description="Mã định danh cơ quan (QCVN 102:2016)",
        examples=["000.00.00.H49"],
    ),
]


def _read(agency: object) -> JSONResponse:
    body = AgencyRead.model_validate(agency)
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag_for(body.version)})


@router.get(
    "",
    response_model=AgencyPage,
    summary="Danh sách cơ quan",
    description=(
        "Lọc theo cơ quan cấp trên, cấp hành chính, tên (không phân biệt dấu, hoa thường); theo thứ tự mã."
    ),
)
async def list_agencies(
    session: ReadSessionDep,
    page: PageParamsDep,
    parent: Annotated[
        str | None, Query(pattern=AGENCY_CODE_PATTERN, description="Mã cơ quan cấp trên")
    ] = None,
    administrative_level: AdministrativeLevel | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Tìm theo tên")] = None,
    active: bool | None = True,
) -> AgencyPage:
    rows, next_cursor = await service.list_agencies(
        session,
        parent_code=parent,
        level=administrative_level,
        q=q,
        active=active,
        limit=page.limit,
        cursor=page.cursor,
    )
    return AgencyPage(items=[AgencyRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=AgencyRead,
    summary="Khai báo cơ quan",
    description=(
        "Cơ quan cấp cao nhất (bộ, tỉnh) do quản trị hệ thống khai báo; đơn vị trực thuộc do quản trị "
        "danh mục của cơ quan cấp trên khai báo. Mã phải đúng QCVN 102:2016 và nằm dưới mã cơ quan cấp trên."
    ),
)
async def create_agency(
    body: AgencyCreate,
    editor: CatalogEditor,
    session: SessionDep,
    outbox: OutboxDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    agency = await service.create(session, outbox, principal=editor, data=body)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        AgencyRead.model_validate(agency),
        headers={"Location": f"/v1/agencies/{agency.code}", "ETag": etag_for(agency.version)},
    )


@router.get("/{code}", response_model=AgencyRead, summary="Thông tin một cơ quan")
async def get_agency(code: AgencyCodePath, session: ReadSessionDep) -> JSONResponse:
    return _read(await service.get(session, code=code))


@router.patch(
    "/{code}",
    response_model=AgencyRead,
    summary="Sửa thông tin cơ quan",
    description="Cần If-Match với ETag đã đọc (412 nếu đã có người sửa trước, 428 nếu thiếu).",
)
async def update_agency(
    code: AgencyCodePath,
    body: AgencyUpdate,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
    outbox: OutboxDep,
) -> JSONResponse:
    agency = await service.get(session, code=code, for_update=True)
    check_if_match(request, agency.version)
    return _read(await service.update(session, outbox, principal=editor, agency=agency, data=body))
