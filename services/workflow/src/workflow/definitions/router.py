"""HTTP endpoints of process definitions: agency administrators write, the agency's officials read."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse

from servicekit.http import Idempotency, PageParamsDep, check_if_match, etag_for, idempotency_dependency
from workflow.db import tables
from workflow.definitions import service
from workflow.definitions.content import AGENCY_CODE_PATTERN, PROCEDURE_CODE_PATTERN
from workflow.definitions.models import ProcessDefinition
from workflow.definitions.schemas import DefinitionCreate, DefinitionPage, DefinitionRead, DefinitionUpdate
from workflow.deps import SessionDep
from workflow.officials import CurrentOfficial
from workflow.roles import DefinitionAdmin

router = APIRouter(prefix="/v1/process-definitions", tags=["process-definitions"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]


def read_model(definition: ProcessDefinition) -> DefinitionRead:
    return DefinitionRead.model_validate(
        {
            **{c: getattr(definition, c) for c in DefinitionRead.model_fields if c != "stages"},
            "stages": definition.content["stages"],
        }
    )


def _response(definition: ProcessDefinition, status_code: int = 200, **headers: str) -> JSONResponse:
    body = read_model(definition).model_dump(mode="json")
    return JSONResponse(
        body, status_code=status_code, headers={"ETag": etag_for(definition.version), **headers}
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DefinitionRead,
    summary="Tạo bản nháp quy trình xử lý",
    description=(
        "Quy trình cho một thủ tục (từ một phiên bản trở đi) của cơ quan tiếp nhận: các giai đoạn (mỗi cơ "
        "quan tham gia một giai đoạn), các bước theo thứ tự với đơn vị, vai trò và thời gian; kiểm tra theo "
        "quy định (tổng thời gian trong thời hạn giải quyết, liên thông tuần tự, song song, khác cấp)."
    ),
)
async def create_definition(
    body: DefinitionCreate, admin: DefinitionAdmin, session: SessionDep, idempotency: IdempotencyDep
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    definition = await service.create(session, principal=admin, data=body)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        read_model(definition),
        headers={
            "Location": f"/v1/process-definitions/{definition.id}",
            "ETag": etag_for(definition.version),
        },
    )


@router.get("", response_model=DefinitionPage, summary="Danh sách quy trình của các cơ quan của tôi")
async def list_definitions(
    official: CurrentOfficial,
    session: SessionDep,
    page: PageParamsDep,
    agency: Annotated[str | None, Query(pattern=AGENCY_CODE_PATTERN)] = None,
    procedure_code: Annotated[str | None, Query(pattern=PROCEDURE_CODE_PATTERN)] = None,
    definition_status: Annotated[Literal["draft", "active", "retired"] | None, Query(alias="status")] = None,
) -> DefinitionPage:
    rows, cursor = await service.list_definitions(
        session,
        principal=official,
        agency_code=agency,
        procedure_code=procedure_code,
        status=definition_status,
        limit=page.limit,
        cursor=page.cursor,
    )
    return DefinitionPage(items=[read_model(r) for r in rows], next_cursor=cursor)


@router.get("/{definition_id}", response_model=DefinitionRead, summary="Một quy trình")
async def get_definition(
    definition_id: uuid.UUID, official: CurrentOfficial, session: SessionDep
) -> JSONResponse:
    return _response(await service.get(session, definition_id=definition_id, principal=official))


@router.put(
    "/{definition_id}",
    response_model=DefinitionRead,
    summary="Sửa bản nháp",
    description="Cần If-Match với ETag đã đọc (412 nếu đã có người sửa, 428 nếu thiếu).",
)
async def update_definition(
    definition_id: uuid.UUID,
    body: DefinitionUpdate,
    request: Request,
    admin: DefinitionAdmin,
    session: SessionDep,
) -> JSONResponse:
    definition = await service.get(session, definition_id=definition_id, principal=admin, for_update=True)
    check_if_match(request, definition.version)
    return _response(await service.update(session, principal=admin, definition=definition, data=body))


@router.post(
    "/{definition_id}/activate",
    response_model=DefinitionRead,
    summary="Áp dụng quy trình",
    description="Bản đang áp dụng (nếu có) chuyển sang retired; hồ sơ đang xử lý giữ quy trình cũ.",
)
async def activate_definition(
    definition_id: uuid.UUID, request: Request, admin: DefinitionAdmin, session: SessionDep
) -> JSONResponse:
    definition = await service.get(session, definition_id=definition_id, principal=admin, for_update=True)
    check_if_match(request, definition.version)
    return _response(await service.activate(session, principal=admin, definition=definition))


@router.post("/{definition_id}/retire", response_model=DefinitionRead, summary="Ngừng áp dụng quy trình")
async def retire_definition(
    definition_id: uuid.UUID, request: Request, admin: DefinitionAdmin, session: SessionDep
) -> JSONResponse:
    definition = await service.get(session, definition_id=definition_id, principal=admin, for_update=True)
    check_if_match(request, definition.version)
    return _response(await service.retire(session, principal=admin, definition=definition))
