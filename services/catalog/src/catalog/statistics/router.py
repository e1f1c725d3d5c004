"""Statistics endpoints (R-STAT-6).

Public: the portal's totals, one procedure, agency, field or sector, and lists broken down by each
(JSON pages or a CSV file). An agency's dashboard (officials of the agency or above, system
administrators): its units and its officers. Every endpoint takes the same period: ``year``, or
``from``/``to`` (local dates), by default from 1 January to today.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from catalog.codes import AGENCY_CODE_PATTERN, FIELD_CODE_PATTERN, PROCEDURE_CODE_PATTERN, SECTOR_CODE_PATTERN
from catalog.deps import ReadSessionDep
from catalog.statistics import export, service
from catalog.statistics.cache import FiguresCache
from catalog.statistics.period import Period, resolve
from catalog.statistics.repository import Dimension, Filters
from catalog.statistics.schemas import OfficerStatisticsPage, Statistics, StatisticsPage
from servicekit.auth import PrincipalDep
from servicekit.db import utcnow
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/statistics", tags=["statistics"])


def period_params(
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="Cả năm (năm hiện tại: từ 1/1 đến nay)")
    ] = None,
    start: Annotated[
        date | None, Query(alias="from", description="Ngày đầu kỳ (mặc định 1/1 của năm của ngày cuối kỳ)")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Ngày cuối kỳ (mặc định hôm nay)")] = None,
) -> Period:
    return resolve(year=year, start=start, end=end, now=utcnow())


PeriodDep = Annotated[Period, Depends(period_params)]
AgencyFilter = Annotated[str | None, Query(pattern=AGENCY_CODE_PATTERN, description="Chỉ hồ sơ của cơ quan")]
FieldFilter = Annotated[str | None, Query(pattern=FIELD_CODE_PATTERN, description="Chỉ hồ sơ của lĩnh vực")]
SectorFilter = Annotated[str | None, Query(pattern=SECTOR_CODE_PATTERN, description="Chỉ hồ sơ của ngành")]
DelimiterParam = Annotated[
    export.Delimiter, Query(description="Dấu phân cách: comma (mặc định) hoặc semicolon (Excel tiếng Việt)")
]
AgencyPath = Annotated[str, Path(pattern=AGENCY_CODE_PATTERN, examples=["000.00.31.H49"])]


def filters_params(
    agency: AgencyFilter = None, field: FieldFilter = None, sector: SectorFilter = None
) -> Filters:
    return Filters(agency=agency, field=field, sector=sector)


FiltersDep = Annotated[Filters, Depends(filters_params)]


def figures_cache(request: Request) -> FiguresCache:
    cache: FiguresCache = request.app.state.statistics_cache
    return cache


CacheDep = Annotated[FiguresCache, Depends(figures_cache)]


def cacheable(response: Response, cache: FiguresCache) -> None:
    """Public figures may be kept by browsers and proxies as long as this process keeps them."""
    if cache.enabled:
        response.headers["Cache-Control"] = f"public, max-age={int(cache.ttl)}"


_PLURAL = {
    Dimension.PROCEDURE: "procedures",
    Dimension.AGENCY: "agencies",
    Dimension.FIELD: "fields",
    Dimension.SECTOR: "sectors",
}
_PATTERN = {
    Dimension.PROCEDURE: (PROCEDURE_CODE_PATTERN, "1.001193"),
    Dimension.AGENCY: (AGENCY_CODE_PATTERN, "000.00.31.H49"),
    Dimension.FIELD: (FIELD_CODE_PATTERN, "G09-TP05"),
    Dimension.SECTOR: (SECTOR_CODE_PATTERN, "TU_PHAP"),
}
_NOUN = {
    Dimension.PROCEDURE: "thủ tục",
    Dimension.AGENCY: "cơ quan",
    Dimension.FIELD: "lĩnh vực",
    Dimension.SECTOR: "ngành",
}


def csv_response(text: str, name: str) -> Response:
    return Response(
        content=text.encode("utf-8"),
        media_type=export.MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


_CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "Tệp CSV (UTF-8 có BOM)"}
}


@router.get(
    "",
    response_model=Statistics,
    summary="Số liệu toàn hệ thống",
    description="Tổng hợp mọi hồ sơ của kỳ: tiếp nhận theo hình thức, giải quyết đúng hạn, quá hạn, đang "
    "giải quyết, rút, từ chối, mức độ hài lòng (R-STAT-6).",
)
async def portal_statistics(
    session: ReadSessionDep, period: PeriodDep, cache: CacheDep, response: Response
) -> Statistics:
    cacheable(response, cache)
    return await cache.get(
        ("portal", period.start, period.end), lambda: service.portal(session, period=period)
    )


def _register(dimension: Dimension) -> None:
    plural, noun = _PLURAL[dimension], _NOUN[dimension]
    pattern, example = _PATTERN[dimension]

    async def listing(
        session: ReadSessionDep,
        period: PeriodDep,
        filters: FiltersDep,
        page: PageParamsDep,
        cache: CacheDep,
        response: Response,
    ) -> StatisticsPage:
        async def compute() -> StatisticsPage:
            items, next_cursor = await service.page(
                session,
                dimension=dimension,
                filters=filters,
                period=period,
                limit=page.limit,
                cursor=page.cursor,
            )
            return StatisticsPage(items=items, next_cursor=next_cursor)

        cacheable(response, cache)
        key = ("page", dimension, filters, period.start, period.end, page.limit, page.cursor)
        return await cache.get(key, compute)

    async def listing_csv(
        session: ReadSessionDep,
        period: PeriodDep,
        filters: FiltersDep,
        cache: CacheDep,
        delimiter: DelimiterParam = export.Delimiter.COMMA,
    ) -> Response:
        key = ("every", dimension, filters, period.start, period.end)
        items = await cache.get(
            key, lambda: service.every(session, dimension=dimension, filters=filters, period=period)
        )
        text = export.render(export.STATISTICS_COLUMNS, items, delimiter)
        response = csv_response(text, export.filename(plural, period.start, period.end))
        cacheable(response, cache)
        return response

    async def item(
        code: str, session: ReadSessionDep, period: PeriodDep, cache: CacheDep, response: Response
    ) -> Statistics:
        cacheable(response, cache)
        key = ("one", dimension, code, period.start, period.end)
        return await cache.get(
            key, lambda: service.one(session, dimension=dimension, code=code, period=period)
        )

    # Each dimension's own code pattern (a real object: a local alias would not resolve as a string).
    item.__annotations__["code"] = Annotated[str, Path(pattern=pattern, examples=[example])]

    router.add_api_route(
        f"/{plural}",
        listing,
        methods=["GET"],
        response_model=StatisticsPage,
        name=f"list_{dimension.value}_statistics",
        summary=f"Số liệu theo từng {noun}",
        description=f"Mỗi {noun} có hồ sơ trong kỳ (hoặc đang giải quyết), theo thứ tự mã; lọc theo cơ quan, "
        "lĩnh vực, ngành.",
    )
    router.add_api_route(
        f"/{plural}.csv",
        listing_csv,
        methods=["GET"],
        response_class=Response,
        responses=_CSV_RESPONSE,
        name=f"export_{dimension.value}_statistics",
        summary=f"Tải về số liệu theo từng {noun} (CSV)",
    )
    router.add_api_route(
        f"/{plural}/{{code}}",
        item,
        methods=["GET"],
        response_model=Statistics,
        name=f"{dimension.value}_statistics",
        summary=f"Số liệu công khai của một {noun}",
    )


for _dimension in (Dimension.PROCEDURE, Dimension.AGENCY, Dimension.FIELD, Dimension.SECTOR):
    _register(_dimension)


@router.get(
    "/agencies/{code}/units",
    response_model=StatisticsPage,
    summary="Số liệu theo từng đơn vị của cơ quan (cán bộ của cơ quan)",
    description="Cơ quan và mọi đơn vị trực thuộc (mọi cấp), mỗi đơn vị với hồ sơ của chính mình. Cần tài "
    "khoản cán bộ của cơ quan (hoặc cơ quan cấp trên) hoặc quản trị hệ thống.",
)
async def unit_statistics(
    code: AgencyPath, principal: PrincipalDep, session: ReadSessionDep, period: PeriodDep, page: PageParamsDep
) -> StatisticsPage:
    items, next_cursor = await service.units(
        session, principal=principal, agency_code=code, period=period, limit=page.limit, cursor=page.cursor
    )
    return StatisticsPage(items=items, next_cursor=next_cursor)


@router.get(
    "/agencies/{code}/units.csv",
    response_class=Response,
    responses=_CSV_RESPONSE,
    summary="Tải về số liệu theo từng đơn vị (CSV, cán bộ của cơ quan)",
)
async def export_unit_statistics(
    code: AgencyPath,
    principal: PrincipalDep,
    session: ReadSessionDep,
    period: PeriodDep,
    delimiter: DelimiterParam = export.Delimiter.COMMA,
) -> Response:
    items, _ = await service.units(
        session, principal=principal, agency_code=code, period=period, limit=None, cursor=None
    )
    text = export.render(export.STATISTICS_COLUMNS, items, delimiter)
    return csv_response(text, export.filename(f"don-vi-{code}", period.start, period.end))


@router.get(
    "/agencies/{code}/officers",
    response_model=OfficerStatisticsPage,
    summary="Số liệu theo từng cán bộ (cán bộ của cơ quan)",
    description="Hồ sơ mỗi cán bộ đã tiếp nhận, đã giải quyết (đúng hạn, quá hạn), đã từ chối trong kỳ. "
    "Cần tài khoản cán bộ của cơ quan (hoặc cơ quan cấp trên) hoặc quản trị hệ thống.",
)
async def officer_statistics(
    code: AgencyPath, principal: PrincipalDep, session: ReadSessionDep, period: PeriodDep, page: PageParamsDep
) -> OfficerStatisticsPage:
    return await service.officers(
        session, principal=principal, agency_code=code, period=period, limit=page.limit, cursor=page.cursor
    )


@router.get(
    "/agencies/{code}/officers.csv",
    response_class=Response,
    responses=_CSV_RESPONSE,
    summary="Tải về số liệu theo từng cán bộ (CSV, cán bộ của cơ quan)",
)
async def export_officer_statistics(
    code: AgencyPath,
    principal: PrincipalDep,
    session: ReadSessionDep,
    period: PeriodDep,
    delimiter: DelimiterParam = export.Delimiter.COMMA,
) -> Response:
    result = await service.officers(
        session, principal=principal, agency_code=code, period=period, limit=None, cursor=None
    )
    text = export.render(export.OFFICER_COLUMNS, result.items, delimiter)
    return csv_response(text, export.filename(f"can-bo-{code}", period.start, period.end))
