"""Public statistics of a procedure or an agency for one year, "since 1 January" in Vietnam (R-STAT-6)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import service as agencies
from catalog.clock import today_vn, year_start_vn
from catalog.paging import after_values
from catalog.procedures import service as procedures
from catalog.procedures.models import ProcedureVersion, VersionStatus
from catalog.statistics import repository
from catalog.statistics.schemas import ChannelCounts, ResolvedCounts, Statistics
from servicekit.db import utcnow
from servicekit.errors import ServiceError
from servicekit.http import encode_cursor
from servicekit.i18n import Text


class YearOutOfRange(ServiceError):
    status = 422
    code = "statistics_year_invalid"
    title = Text("Năm không hợp lệ", "Invalid year")
    detail = Text(
        "Chỉ có số liệu đến năm hiện tại ({current}).", "Figures exist up to the current year ({current})."
    )


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _period(year: int | None) -> tuple[int, date, date]:
    today = today_vn()
    year = year or today.year
    if year > today.year:
        raise YearOutOfRange(current=today.year)
    return year, date(year, 1, 1), today if year == today.year else date(year, 12, 31)


def build(
    row: Any, *, scope: Literal["procedure", "agency"], code: str, name: str | None, year: int, end: date
) -> Statistics:
    """Pure: one row of counts → the published figures."""

    def channels(prefix: str) -> ChannelCounts:
        return ChannelCounts(
            total=getattr(row, f"{prefix}_total"),
            online=getattr(row, f"{prefix}_online"),
            desk=getattr(row, f"{prefix}_desk"),
            postal=getattr(row, f"{prefix}_postal"),
        )

    received = channels("received")
    resolved = ResolvedCounts(
        total=row.resolved_total,
        online=row.resolved_online,
        on_time=row.resolved_on_time,
        late=row.resolved_late,
    )
    return Statistics(
        scope=scope,
        code=code,
        name=name,
        year=year,
        period_start=date(year, 1, 1),
        period_end=end,
        submitted=channels("submitted"),
        received=received,
        resolved=resolved,
        on_time_rate=_rate(resolved.on_time, resolved.on_time + resolved.late),
        online_rate=_rate(received.online, received.total),
        returned=row.returned,
        refused=row.refused,
        withdrawn=row.withdrawn,
        stopped=row.stopped,
        as_of=utcnow(),
    )


async def _procedure_name(session: AsyncSession, procedure_id: Any) -> str | None:
    name = await session.scalar(
        select(ProcedureVersion.name)
        .where(
            ProcedureVersion.procedure_id == procedure_id,
            ProcedureVersion.status != VersionStatus.DRAFT.value,
        )
        .order_by(ProcedureVersion.number.desc())
        .limit(1)
    )
    return str(name) if name is not None else None


async def for_procedure(session: AsyncSession, *, code: str, year: int | None) -> Statistics:
    procedure = await procedures.get(session, code=code)
    year, _, end = _period(year)
    row = await repository.totals(
        session, procedure_code=code, start=year_start_vn(year), end=year_start_vn(year + 1)
    )
    name = await _procedure_name(session, procedure.id)
    return build(row, scope="procedure", code=code, name=name, year=year, end=end)


async def for_agency(session: AsyncSession, *, code: str, year: int | None) -> Statistics:
    agency = await agencies.get(session, code=code)
    year, _, end = _period(year)
    row = await repository.totals(
        session, agency_code=code, start=year_start_vn(year), end=year_start_vn(year + 1)
    )
    return build(row, scope="agency", code=code, name=agency.name, year=year, end=end)


async def per_procedure(
    session: AsyncSession, *, agency_code: str | None, year: int | None, limit: int, cursor: str | None
) -> tuple[list[Statistics], str | None]:
    """Usage and on-time/overdue counts per service (R-STAT-6), for procedures with activity this year."""
    year, _, end = _period(year)
    after = after_values(cursor, 1)
    rows = await repository.per_procedure(
        session,
        agency_code=agency_code,
        start=year_start_vn(year),
        end=year_start_vn(year + 1),
        after=after[0] if after else None,
        limit=limit + 1,
    )
    items = [
        build(r, scope="procedure", code=r.procedure_code, name=None, year=year, end=end)
        for r in rows[:limit]
    ]
    next_cursor = encode_cursor([rows[limit - 1].procedure_code]) if len(rows) > limit else None
    return items, next_cursor
