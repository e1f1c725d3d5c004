"""``GET /v1/procedures``: search and browse the procedures in force (R-CAT-3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from catalog.agencies.rules import AdministrativeLevel
from catalog.codes import AGENCY_CODE_PATTERN, FIELD_CODE_PATTERN, SECTOR_CODE_PATTERN
from catalog.deps import ReadSessionDep
from catalog.procedures.content import OnlineMode
from catalog.search import service
from catalog.search.repository import Filters
from catalog.search.schemas import ProcedurePage
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/procedures", tags=["procedures"])


@router.get(
    "",
    response_model=ProcedurePage,
    summary="Tìm kiếm, duyệt thủ tục",
    description=(
        'Với q: tìm toàn văn không phân biệt dấu và hoa thường ("giay phep" tìm thấy "Giấy phép"), '
        "xếp theo độ phù hợp; gõ mã thủ tục cũng được. Không có q: theo thứ tự tên. Lọc theo ngành, "
        "lĩnh vực, cơ quan, mức độ, hình thức trực tuyến, cấp hành chính. "
        "Chỉ gồm các thủ tục đang có hiệu lực."
    ),
)
async def list_procedures(
    session: ReadSessionDep,
    page: PageParamsDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Từ khóa hoặc mã thủ tục", examples=["giay phep"])
    ] = None,
    sector: Annotated[str | None, Query(pattern=SECTOR_CODE_PATTERN, description="Mã ngành")] = None,
    field: Annotated[str | None, Query(pattern=FIELD_CODE_PATTERN, description="Mã lĩnh vực")] = None,
    agency: Annotated[
        str | None, Query(pattern=AGENCY_CODE_PATTERN, description="Mã cơ quan giải quyết")
    ] = None,
    level: Annotated[int | None, Query(ge=1, le=4, description="Mức độ 1–4")] = None,
    min_level: Annotated[int | None, Query(ge=1, le=4, description="Mức độ tối thiểu")] = None,
    online_mode: Annotated[
        OnlineMode | None, Query(description="full: toàn trình; partial: một phần")
    ] = None,
    administrative_level: AdministrativeLevel | None = None,
) -> JSONResponse:
    filters = Filters(
        sector_code=sector,
        field_code=field,
        agency_code=agency,
        level=level,
        min_level=min_level,
        online_mode=online_mode.value if online_mode else None,
        administrative_level=administrative_level.value if administrative_level else None,
    )
    items, next_cursor = await service.find(
        session, q=q, filters=filters, limit=page.limit, cursor=page.cursor
    )
    # Serialised here, once: the hottest list need not be validated again against its response model.
    return JSONResponse(ProcedurePage(items=items, next_cursor=next_cursor).model_dump(mode="json"))
