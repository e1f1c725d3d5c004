"""Statistics of a period (R-STAT-6): the portal, one procedure, agency, field or sector, lists broken
down by any of them; and, for officials of an agency, its units and its officers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository as agency_repository
from catalog.agencies import service as agencies
from catalog.auth import is_system_admin
from catalog.classification import service as classification
from catalog.classification.models import Field, Sector
from catalog.paging import after_values
from catalog.procedures import service as procedures
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.statistics import repository
from catalog.statistics.period import Period
from catalog.statistics.repository import LEVELS, Dimension, Filters
from catalog.statistics.schemas import (
    ChannelCounts,
    LevelCounts,
    OfficerResolved,
    OfficerStatistics,
    OfficerStatisticsPage,
    PendingCounts,
    ResolvedCounts,
    Satisfaction,
    Scope,
    Statistics,
)
from contracts.events import RATING_CRITERIA
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import Forbidden
from servicekit.http import encode_cursor
from servicekit.i18n import Text

SCOPES: dict[Dimension, Scope] = {
    Dimension.PROCEDURE: Scope.PROCEDURE,
    Dimension.AGENCY: Scope.AGENCY,
    Dimension.FIELD: Scope.FIELD,
    Dimension.SECTOR: Scope.SECTOR,
}


class NotAgencyOfficial(Forbidden):
    code = "statistics_not_agency_official"
    detail = Text(
        "Chỉ cán bộ của cơ quan {agency_code} (hoặc cơ quan cấp trên) hoặc quản trị hệ thống được xem "
        "số liệu chi tiết này.",
        "Only officials of agency {agency_code} (or of an agency above it) or a system administrator may "
        "see these detailed figures.",
    )


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def build(row: Any, *, scope: Scope, code: str | None, name: str | None, period: Period) -> Statistics:
    """Pure: one row of counts (``repository.measures``) → the published figures."""

    def channels(prefix: str) -> ChannelCounts:
        return ChannelCounts(
            total=getattr(row, f"{prefix}_total"),
            online=getattr(row, f"{prefix}_online"),
            desk=getattr(row, f"{prefix}_desk"),
            postal=getattr(row, f"{prefix}_postal"),
        )

    def levels(criterion: str) -> LevelCounts:
        return LevelCounts(**{level: getattr(row, f"{criterion}_{level}") for level in LEVELS})

    received = channels("received")
    resolved = ResolvedCounts(
        total=row.resolved_total,
        online=row.resolved_online,
        on_time=row.resolved_on_time,
        late=row.resolved_late,
    )
    criteria = {criterion: levels(criterion) for criterion in RATING_CRITERIA}
    overall = criteria["overall"]
    return Statistics(
        scope=scope,
        code=code,
        name=name,
        period_start=period.start,
        period_end=period.end,
        year_to_date=period.year_to_date,
        submitted=channels("submitted"),
        received=received,
        carried_over=row.carried_over,
        resolved=resolved,
        on_time_rate=_rate(resolved.on_time, resolved.on_time + resolved.late),
        online_rate=_rate(received.online, received.total),
        pending=PendingCounts(
            total=row.pending_total,
            within_deadline=row.pending_total - row.pending_overdue,
            overdue=row.pending_overdue,
            at=period.snapshot_at,
        ),
        returned=row.returned,
        refused=row.refused,
        refused_at_desk=row.refused_at_desk,
        withdrawn=row.withdrawn,
        stopped=row.stopped,
        satisfaction=Satisfaction(
            ratings=row.rated,
            satisfied_rate=_rate(overall.very_satisfied + overall.satisfied, row.rated),
            **criteria,
        ),
        as_of=utcnow(),
    )


async def _procedure_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """Each procedure's name in its latest published version."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Procedure.code, ProcedureVersion.name)
        .join(ProcedureVersion, ProcedureVersion.procedure_id == Procedure.id)
        .where(Procedure.code.in_(wanted), ProcedureVersion.status != VersionStatus.DRAFT.value)
        .order_by(Procedure.code, ProcedureVersion.number.desc())
        .ext(distinct_on(Procedure.code))
    )
    return {code: name for code, name in rows.all()}


async def names(session: AsyncSession, dimension: Dimension, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    if dimension is Dimension.PROCEDURE:
        return await _procedure_names(session, wanted)
    if dimension is Dimension.AGENCY:
        return await agency_repository.names(session, wanted)
    model = Field if dimension is Dimension.FIELD else Sector
    rows = await session.execute(select(model.code, model.name).where(model.code.in_(wanted)))
    return {code: name for code, name in rows.all()}


def _filters_for(dimension: Dimension, code: str) -> Filters:
    return {
        Dimension.PROCEDURE: Filters(procedure=code),
        Dimension.AGENCY: Filters(agency=code),
        Dimension.FIELD: Filters(field=code),
        Dimension.SECTOR: Filters(sector=code),
    }[dimension]


async def _existing_name(session: AsyncSession, dimension: Dimension, code: str) -> str | None:
    """The item's name; 404 (the dimension's own not-found problem) for an unknown code."""
    if dimension is Dimension.PROCEDURE:
        await procedures.get(session, code=code)
        return (await _procedure_names(session, [code])).get(code)
    if dimension is Dimension.AGENCY:
        return (await agencies.get(session, code=code)).name
    if dimension is Dimension.FIELD:
        return (await classification.get_field(session, code=code)).name
    return (await classification.get_sector(session, code=code)).name


async def portal(session: AsyncSession, *, period: Period) -> Statistics:
    row = await repository.totals(session, filters=Filters(), period=period)
    return build(row, scope=Scope.PORTAL, code=None, name=None, period=period)


async def one(session: AsyncSession, *, dimension: Dimension, code: str, period: Period) -> Statistics:
    name = await _existing_name(session, dimension, code)
    row = await repository.totals(session, filters=_filters_for(dimension, code), period=period)
    return build(row, scope=SCOPES[dimension], code=code, name=name, period=period)


async def _built(
    session: AsyncSession, dimension: Dimension, rows: Sequence[Any], period: Period
) -> list[Statistics]:
    known = await names(session, dimension, (r.key for r in rows))
    return [build(r, scope=SCOPES[dimension], code=r.key, name=known.get(r.key), period=period) for r in rows]


async def page(
    session: AsyncSession,
    *,
    dimension: Dimension,
    filters: Filters,
    period: Period,
    limit: int,
    cursor: str | None,
) -> tuple[list[Statistics], str | None]:
    """Items of the dimension with dossiers in the period (or pending), in code order."""
    after = after_values(cursor, 1)
    rows = await repository.breakdown(
        session,
        dimension=dimension,
        filters=filters,
        period=period,
        after=after[0] if after else None,
        limit=limit + 1,
    )
    items = await _built(session, dimension, rows[:limit], period)
    next_cursor = encode_cursor([rows[limit - 1].key]) if len(rows) > limit else None
    return items, next_cursor


async def every(
    session: AsyncSession, *, dimension: Dimension, filters: Filters, period: Period
) -> list[Statistics]:
    """All items at once (CSV export)."""
    rows = await repository.breakdown(session, dimension=dimension, filters=filters, period=period)
    return await _built(session, dimension, rows, period)


async def ensure_dashboard_access(session: AsyncSession, principal: Principal, agency_code: str) -> None:
    """Officials of the agency or of an agency above it, and system administrators (404 if unknown)."""
    agency = await agencies.get(session, code=agency_code)
    if is_system_admin(principal):
        return
    if principal.kind == "official":
        chain = [agency.code, *(a.code for a in await agency_repository.ancestors(session, agency))]
        if any(principal.serves_agency(code) for code in chain):
            return
    raise NotAgencyOfficial(agency_code=agency_code)


async def units(
    session: AsyncSession,
    *,
    principal: Principal,
    agency_code: str,
    period: Period,
    limit: int | None,
    cursor: str | None,
) -> tuple[list[Statistics], str | None]:
    """The agency and each of its units, at any depth, each with its own dossiers."""
    await ensure_dashboard_access(session, principal, agency_code)
    subtree = tuple(await agency_repository.subtree_codes(session, agency_code))
    filters = Filters(agencies=subtree)
    if limit is None:
        return await every(session, dimension=Dimension.AGENCY, filters=filters, period=period), None
    return await page(
        session, dimension=Dimension.AGENCY, filters=filters, period=period, limit=limit, cursor=cursor
    )


async def officers(
    session: AsyncSession,
    *,
    principal: Principal,
    agency_code: str,
    period: Period,
    limit: int | None,
    cursor: str | None,
) -> OfficerStatisticsPage:
    """Per officer of the agency's dossiers: received, resolved on time or late, refused (R-FB-4)."""
    await ensure_dashboard_access(session, principal, agency_code)
    after = after_values(cursor, 1)
    rows = await repository.per_officer(
        session,
        agencies=[agency_code],
        period=period,
        after=after[0] if after else None,
        limit=None if limit is None else limit + 1,
    )
    shown = rows if limit is None else rows[:limit]
    next_cursor = (
        encode_cursor([rows[limit - 1].officer]) if limit is not None and len(rows) > limit else None
    )
    return OfficerStatisticsPage(
        agency_code=agency_code,
        period_start=period.start,
        period_end=period.end,
        items=[
            OfficerStatistics(
                officer_subject=r.officer,
                received=r.received,
                resolved=OfficerResolved(
                    total=r.resolved_total, on_time=r.resolved_on_time, late=r.resolved_late
                ),
                refused=r.refused,
            )
            for r in shown
        ],
        next_cursor=next_cursor,
    )
