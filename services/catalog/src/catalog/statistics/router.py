"""Public statistics endpoints (R-STAT-6): per procedure, per agency, and a per-procedure list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from catalog.codes import AGENCY_CODE_PATTERN, PROCEDURE_CODE_PATTERN
from catalog.deps import ReadSessionDep
from catalog.statistics import service
from catalog.statistics.schemas import Statistics, StatisticsPage
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/statistics", tags=["statistics"])
Year = Annotated[
    int | None, Query(ge=2000, le=2100, description="Năm (mặc định: năm hiện tại, từ 1/1 đến nay)")
]


@router.get(
    "/procedures",
    response_model=StatisticsPage,
    summary="Số liệu theo từng thủ tục",
    description="Tần suất sử dụng, số hồ sơ đúng hạn, quá hạn của từng thủ tục có phát sinh hồ sơ trong năm.",
)
async def list_procedure_statistics(
    session: ReadSessionDep,
    page: PageParamsDep,
    year: Year = None,
    agency: Annotated[str | None, Query(pattern=AGENCY_CODE_PATTERN, description="Mã cơ quan")] = None,
) -> StatisticsPage:
    items, next_cursor = await service.per_procedure(
        session, agency_code=agency, year=year, limit=page.limit, cursor=page.cursor
    )
    return StatisticsPage(items=items, next_cursor=next_cursor)


@router.get(
    "/procedures/{code}",
    response_model=Statistics,
    summary="Số liệu công khai của một thủ tục",
    description=(
        "Từ ngày 1/1: hồ sơ trực tuyến đã tiếp nhận, đã giải quyết, tỷ lệ đúng hạn, tổng hồ sơ trực tuyến và "
        "trực tiếp (R-STAT-6)."
    ),
)
async def procedure_statistics(
    code: Annotated[str, Path(pattern=PROCEDURE_CODE_PATTERN, examples=["1.001193"])],
    session: ReadSessionDep,
    year: Year = None,
) -> Statistics:
    return await service.for_procedure(session, code=code, year=year)


@router.get("/agencies/{code}", response_model=Statistics, summary="Số liệu công khai của một cơ quan")
async def agency_statistics(
    code: Annotated[str, Path(pattern=AGENCY_CODE_PATTERN, examples=["000.00.00.H49"])],
    session: ReadSessionDep,
    year: Year = None,
) -> Statistics:
    return await service.for_agency(session, code=code, year=year)
