"""HTTP endpoints of sectors and fields: the first steps of browsing (R-CAT-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, status
from fastapi.responses import JSONResponse

from catalog.auth import CatalogEditor
from catalog.classification import service
from catalog.classification.schemas import (
    FieldCreate,
    FieldPage,
    FieldRead,
    FieldUpdate,
    SectorCreate,
    SectorPage,
    SectorRead,
    SectorUpdate,
)
from catalog.codes import FIELD_CODE_PATTERN, SECTOR_CODE_PATTERN
from catalog.deps import ReadSessionDep, SessionDep
from servicekit.http import PageParamsDep, check_if_match, etag_for

sectors = APIRouter(prefix="/v1/sectors", tags=["sectors"])
fields = APIRouter(prefix="/v1/fields", tags=["fields"])
SectorPath = Annotated[str, Path(pattern=SECTOR_CODE_PATTERN, examples=["TU_PHAP"])]
FieldPath = Annotated[str, Path(pattern=FIELD_CODE_PATTERN, examples=["G09-TP05"])]


def _json(body: SectorRead | FieldRead, status_code: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag_for(body.version), **headers},
    )


@sectors.get(
    "",
    response_model=SectorPage,
    summary="Danh sách ngành (kèm các lĩnh vực)",
    description=(
        "Bước 1 khi duyệt danh mục: mỗi ngành kèm các lĩnh vực và số thủ tục đang có hiệu lực; bước 2 là "
        "GET /v1/procedures?field=…, bước 3 là GET /v1/procedures/{code}."
    ),
)
async def list_sectors(
    session: ReadSessionDep,
    page: PageParamsDep,
    include_fields: Annotated[bool, Query(description="Kèm danh sách lĩnh vực của mỗi ngành")] = True,
) -> SectorPage:
    items, next_cursor = await service.list_sectors(
        session, with_fields=include_fields, limit=page.limit, cursor=page.cursor
    )
    return SectorPage(items=items, next_cursor=next_cursor)


@sectors.post("", status_code=status.HTTP_201_CREATED, response_model=SectorRead, summary="Thêm ngành")
async def create_sector(body: SectorCreate, editor: CatalogEditor, session: SessionDep) -> JSONResponse:
    sector = await service.create_sector(session, principal=editor, data=body)
    (read,) = await service.sector_reads(session, [sector], with_fields=True)
    return _json(read, status.HTTP_201_CREATED, Location=f"/v1/sectors/{sector.code}")


@sectors.get("/{code}", response_model=SectorRead, summary="Một ngành và các lĩnh vực của nó")
async def get_sector(code: SectorPath, session: ReadSessionDep) -> JSONResponse:
    (read,) = await service.sector_reads(
        session, [await service.get_sector(session, code=code)], with_fields=True
    )
    return _json(read)


@sectors.patch("/{code}", response_model=SectorRead, summary="Sửa ngành (cần If-Match)")
async def update_sector(
    code: SectorPath, body: SectorUpdate, request: Request, editor: CatalogEditor, session: SessionDep
) -> JSONResponse:
    sector = await service.get_sector(session, code=code, for_update=True)
    check_if_match(request, sector.version)
    sector = await service.update_sector(session, principal=editor, sector=sector, data=body)
    (read,) = await service.sector_reads(session, [sector], with_fields=True)
    return _json(read)


@fields.get("", response_model=FieldPage, summary="Danh sách lĩnh vực")
async def list_fields(
    session: ReadSessionDep,
    page: PageParamsDep,
    sector: Annotated[str | None, Query(pattern=SECTOR_CODE_PATTERN, description="Mã ngành")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Tìm theo tên, không phân biệt dấu")] = None,
) -> FieldPage:
    items, next_cursor = await service.list_fields(
        session, sector_code=sector, q=q, limit=page.limit, cursor=page.cursor
    )
    return FieldPage(items=items, next_cursor=next_cursor)


@fields.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=FieldRead,
    summary="Thêm lĩnh vực",
    description="Quản trị hệ thống, hoặc quản trị danh mục của cơ quan quản lý lĩnh vực.",
)
async def create_field(body: FieldCreate, editor: CatalogEditor, session: SessionDep) -> JSONResponse:
    field = await service.create_field(session, principal=editor, data=body)
    (read,) = await service.field_reads(session, [field])
    return _json(read, status.HTTP_201_CREATED, Location=f"/v1/fields/{field.code}")


@fields.get("/{code}", response_model=FieldRead, summary="Một lĩnh vực")
async def get_field(code: FieldPath, session: ReadSessionDep) -> JSONResponse:
    (read,) = await service.field_reads(session, [await service.get_field(session, code=code)])
    return _json(read)


@fields.patch("/{code}", response_model=FieldRead, summary="Sửa lĩnh vực (cần If-Match)")
async def update_field(
    code: FieldPath, body: FieldUpdate, request: Request, editor: CatalogEditor, session: SessionDep
) -> JSONResponse:
    field = await service.get_field(session, code=code, for_update=True)
    check_if_match(request, field.version)
    field = await service.update_field(session, principal=editor, field=field, data=body)
    (read,) = await service.field_reads(session, [field])
    return _json(read)
