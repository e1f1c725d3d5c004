"""HTTP endpoints of procedures and their versions (the search listing is in ``catalog.search``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Request, Response, status
from fastapi.responses import JSONResponse

from catalog.auth import CatalogEditor
from catalog.clock import today_vn
from catalog.codes import PROCEDURE_CODE_PATTERN
from catalog.db import tables
from catalog.deps import OutboxDep, ReadSessionDep, SessionDep
from catalog.procedures import publishing, service, sheets
from catalog.procedures.models import Procedure, ProcedureVersion
from catalog.procedures.schemas import (
    DraftUpdate,
    FeeQuoteLine,
    FeeQuoteRead,
    FeeQuoteRequest,
    NewDraft,
    ProcedureCreate,
    ProcedureVersionRead,
    VersionPage,
    VersionSummary,
)
from servicekit.auth import OptionalPrincipalDep
from servicekit.http import Idempotency, PageParamsDep, check_if_match, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/procedures", tags=["procedures"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]
CodePath = Annotated[
    str, Path(pattern=PROCEDURE_CODE_PATTERN, description="Mã thủ tục (R-FMT-3)", examples=["1.001193"])
]
NumberPath = Annotated[int, Path(ge=1, le=100000, description="Số phiên bản")]


async def _sheet(
    session: SessionDep,
    procedure: Procedure,
    version: ProcedureVersion,
    status_code: int = 200,
    **headers: str,
) -> JSONResponse:
    body = await sheets.sheet(session, procedure=procedure, version=version, today=today_vn())
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag_for(version.etag), **headers},
    )


def _location(procedure: Procedure, version: ProcedureVersion) -> str:
    return f"/v1/procedures/{procedure.code}/versions/{version.number}"


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ProcedureVersionRead,
    summary="Khai báo thủ tục mới (bản nháp phiên bản 1)",
    description="Quản trị danh mục của cơ quan giải quyết (content.agency_code) hoặc quản trị hệ thống.",
)
async def create_procedure(
    body: ProcedureCreate, editor: CatalogEditor, session: SessionDep, idempotency: IdempotencyDep
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    procedure, version = await service.create(session, principal=editor, data=body)
    read = await sheets.sheet(session, procedure=procedure, version=version, today=today_vn())
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        read,
        headers={"Location": _location(procedure, version), "ETag": etag_for(version.etag)},
    )


@router.get(
    "/{code}",
    response_model=ProcedureVersionRead,
    summary="Trang thủ tục: phiên bản đang có hiệu lực",
    description="Đầy đủ thông tin theo R-CAT-1, kèm cơ quan, lĩnh vực, biểu mẫu; bước 3 khi duyệt danh mục.",
)
async def get_procedure(code: CodePath, session: ReadSessionDep) -> JSONResponse:
    read = await sheets.in_force_sheet(session, code=code, today=today_vn())
    return JSONResponse(read.model_dump(mode="json"), headers={"ETag": etag_for(read.etag)})


@router.get(
    "/{code}/versions", response_model=VersionPage, summary="Các phiên bản của thủ tục (mới nhất trước)"
)
async def list_versions(
    code: CodePath, session: ReadSessionDep, page: PageParamsDep, principal: OptionalPrincipalDep
) -> VersionPage:
    procedure = await service.get(session, code=code)
    rows, next_cursor = await service.list_versions(
        session, procedure=procedure, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return VersionPage(
        items=[
            VersionSummary(
                code=procedure.code,
                version=v.number,
                status=v.status,
                name=v.name,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
                change_note=v.change_note,
                published_at=v.published_at,
                etag=v.etag,
            )
            for v in rows
        ],
        next_cursor=next_cursor,
    )


@router.post(
    "/{code}/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=ProcedureVersionRead,
    summary="Tạo phiên bản nháp mới",
    description=(
        "Sao chép nội dung và biểu mẫu của một phiên bản (mặc định: mới nhất); "
        "mỗi thủ tục có tối đa một bản nháp."
    ),
)
async def create_draft(
    code: CodePath,
    editor: CatalogEditor,
    session: SessionDep,
    body: Annotated[NewDraft | None, Body()] = None,
) -> JSONResponse:
    procedure = await service.get(session, code=code, for_update=True)
    version = await service.new_draft(session, principal=editor, procedure=procedure, data=body or NewDraft())
    return await _sheet(
        session, procedure, version, status.HTTP_201_CREATED, Location=_location(procedure, version)
    )


@router.get(
    "/{code}/versions/{number}",
    response_model=ProcedureVersionRead,
    summary="Một phiên bản cụ thể của thủ tục",
    description="Hồ sơ giữ phiên bản thủ tục khi nộp (R-CAT-5): phiên bản đã công bố không bao giờ thay đổi.",
)
async def get_version(
    code: CodePath, number: NumberPath, session: ReadSessionDep, principal: OptionalPrincipalDep
) -> JSONResponse:
    procedure = await service.get(session, code=code)
    version = await service.get_version(session, procedure=procedure, number=number, principal=principal)
    return await _sheet(session, procedure, version)


@router.patch(
    "/{code}/versions/{number}",
    response_model=ProcedureVersionRead,
    summary="Sửa bản nháp (cần If-Match)",
    description="Chỉ bản nháp sửa được; phiên bản đã công bố → 409 procedure_version_immutable.",
)
async def update_draft(
    code: CodePath,
    number: NumberPath,
    body: DraftUpdate,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
) -> JSONResponse:
    procedure = await service.get(session, code=code)
    version = await service.get_version(
        session, procedure=procedure, number=number, principal=editor, for_update=True
    )
    service.ensure_editable(editor, procedure, version)
    check_if_match(request, version.etag)
    version = await service.update_draft(
        session, principal=editor, procedure=procedure, version=version, data=body
    )
    return await _sheet(session, procedure, version)


@router.delete(
    "/{code}/versions/{number}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Hủy bản nháp (cần If-Match)",
)
async def discard_draft(
    code: CodePath, number: NumberPath, request: Request, editor: CatalogEditor, session: SessionDep
) -> Response:
    procedure = await service.get(session, code=code, for_update=True)
    version = await service.get_version(
        session, procedure=procedure, number=number, principal=editor, for_update=True
    )
    service.ensure_editable(editor, procedure, version)
    check_if_match(request, version.etag)
    await service.discard_draft(session, principal=editor, procedure=procedure, version=version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{code}/versions/{number}/publish",
    response_model=ProcedureVersionRead,
    summary="Công bố phiên bản (cần If-Match)",
    description=(
        "Kiểm tra đủ thông tin (R-CAT-1, R-CAT-2, R-CAT-4) → 422 kèm danh sách lỗi; thời gian hiệu lực "
        "không chồng lấn các phiên bản đã công bố; phát sự kiện vn.motcua.procedure.published.v1."
    ),
)
async def publish_version(
    code: CodePath,
    number: NumberPath,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
    outbox: OutboxDep,
) -> JSONResponse:
    procedure = await service.get(session, code=code, for_update=True)
    version = await service.get_version(
        session, procedure=procedure, number=number, principal=editor, for_update=True
    )
    service.ensure_editable(editor, procedure, version)
    check_if_match(request, version.etag)
    version = await publishing.publish(
        session, outbox, principal=editor, procedure=procedure, version=version, today=today_vn()
    )
    return await _sheet(session, procedure, version)


@router.post(
    "/{code}/versions/{number}/fee-quote",
    response_model=FeeQuoteRead,
    summary="Tính phí, lệ phí phải nộp",
    description="Theo kênh nộp, số lượng và đối tượng miễn giảm; số tiền nguyên VND, làm tròn xuống.",
)
async def fee_quote(
    code: CodePath,
    number: NumberPath,
    body: FeeQuoteRequest,
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
) -> FeeQuoteRead:
    procedure = await service.get(session, code=code)
    version = await service.get_version(session, procedure=procedure, number=number, principal=principal)
    lines = service.quote_fees(version, body)
    return FeeQuoteRead(
        code=procedure.code,
        version=version.number,
        channel=body.channel,
        lines=[FeeQuoteLine(**vars(line)) for line in lines],
        total=sum(line.amount for line in lines),
    )
