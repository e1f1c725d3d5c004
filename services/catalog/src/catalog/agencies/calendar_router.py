"""HTTP endpoints of the working calendar: an agency's (or the national) days off, due dates, overrides."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import JSONResponse

from catalog.agencies import calendar
from catalog.agencies.calendar_schemas import (
    CalendarRead,
    DueDateRead,
    OverridePage,
    OverrideRead,
    OverrideWrite,
)
from catalog.auth import CatalogEditor
from catalog.codes import AGENCY_CODE_PATTERN
from catalog.deps import OutboxDep, ReadSessionDep, SessionDep
from servicekit.calendar import VN_TZ
from servicekit.db import utcnow
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/agencies", tags=["calendar"])
ScopePath = Annotated[
    str,
    Path(
        pattern=f"^national$|{AGENCY_CODE_PATTERN}",
        description="Mã cơ quan, hoặc national cho lịch chung cả nước",
        examples=["000.00.11.H49", "national"],
    ),
]


@router.get(
    "/{scope}/calendar",
    response_model=CalendarRead,
    summary="Lịch làm việc của cơ quan",
    description=(
        "Ngày nghỉ (cuối tuần, ngày lễ, ngày nghỉ được công bố) và ngày cuối tuần đi làm trong khoảng "
        "ngày (tối đa 366 ngày; mặc định năm hiện tại). Áp dụng công bố chung cả nước, của cơ quan cấp "
        "trên và của chính cơ quan."
    ),
)
async def get_calendar(
    scope: ScopePath,
    session: ReadSessionDep,
    start: Annotated[date | None, Query(alias="from", description="Từ ngày (YYYY-MM-DD)")] = None,
    end: Annotated[date | None, Query(alias="to", description="Đến ngày (YYYY-MM-DD)")] = None,
) -> CalendarRead:
    year = utcnow().astimezone(VN_TZ).year
    return await calendar.calendar_view(
        session, scope=scope, start=start or date(year, 1, 1), end=end or date(year, 12, 31)
    )


@router.get(
    "/{scope}/due-date",
    response_model=DueDateRead,
    summary="Tính ngày hẹn trả kết quả",
    description="N ngày làm việc sau ngày tiếp nhận; ngày tiếp nhận không được tính (R-FMT-8).",
)
async def get_due_date(
    scope: ScopePath,
    session: ReadSessionDep,
    received_on: Annotated[date, Query(description="Ngày tiếp nhận hồ sơ")],
    working_days: Annotated[int, Query(ge=0, le=1000, description="Thời hạn giải quyết (ngày làm việc)")],
) -> DueDateRead:
    return await calendar.due_date(session, scope=scope, received_on=received_on, working_days=working_days)


@router.get(
    "/{scope}/calendar/overrides",
    response_model=OverridePage,
    summary="Ngày nghỉ, ngày làm bù đã công bố",
)
async def list_overrides(
    scope: ScopePath,
    session: ReadSessionDep,
    page: PageParamsDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> OverridePage:
    rows, next_cursor = await calendar.list_overrides(
        session, scope=scope, year=year, limit=page.limit, cursor=page.cursor
    )
    return OverridePage(items=[OverrideRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.put(
    "/{scope}/calendar/overrides/{day}",
    response_model=OverrideRead,
    responses={201: {"model": OverrideRead, "description": "Đã công bố ngày mới"}},
    summary="Công bố ngày nghỉ thêm hoặc ngày làm bù",
    description=(
        "Lịch chung (national) do quản trị hệ thống công bố; lịch riêng do quản trị danh mục của cơ quan. "
        "Phát sự kiện vn.motcua.calendar.changed.v1 với toàn bộ các ngày đã công bố của phạm vi đó."
    ),
)
async def declare_override(
    scope: ScopePath,
    day: date,
    body: OverrideWrite,
    editor: CatalogEditor,
    session: SessionDep,
    outbox: OutboxDep,
) -> JSONResponse:
    row, created = await calendar.declare(session, outbox, principal=editor, scope=scope, day=day, data=body)
    return JSONResponse(
        OverrideRead.model_validate(row).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@router.delete(
    "/{scope}/calendar/overrides/{day}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Bỏ một ngày đã công bố",
)
async def withdraw_override(
    scope: ScopePath, day: date, editor: CatalogEditor, session: SessionDep, outbox: OutboxDep
) -> Response:
    await calendar.withdraw(session, outbox, principal=editor, scope=scope, day=day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
