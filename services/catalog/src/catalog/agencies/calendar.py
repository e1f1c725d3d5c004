"""Use cases on the working calendar: an agency's effective calendar and the overrides behind it.

The effective calendar of an agency is servicekit's ``WorkingCalendar`` (weekends and statutory
holidays) with the national overrides, then each ancestor's, then the agency's own applied on top:
a province may declare a local day off for all its units, a unit may declare its own. Every change
emits ``calendar.changed`` with the complete set of the scope that changed (see ADR 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository, service
from catalog.agencies.calendar_schemas import (
    CalendarRead,
    DayOff,
    DayOffReason,
    DueDateRead,
    OverrideKind,
    OverrideWrite,
    WorkingWeekendDay,
)
from catalog.agencies.errors import CalendarRangeInvalid
from catalog.agencies.models import CalendarOverride
from catalog.agencies.rules import NATIONAL_SCOPE
from catalog.auth import ensure_may_edit, ensure_system_admin
from catalog.paging import after_values, cut
from contracts.events import CALENDAR_CHANGED, CalendarChanged, spec_for
from servicekit.auth import Principal
from servicekit.calendar import WorkingCalendar
from servicekit.db import utcnow
from servicekit.errors import NotFound
from servicekit.i18n import Text
from servicekit.outbox import Outbox

MAX_RANGE_DAYS = 366


class OverrideNotFound(NotFound):
    code = "calendar_override_not_found"
    title = Text("Không có ngày được công bố", "Override not found")
    detail = Text("Không có ngày {day} được công bố cho {scope}.", "No override on {day} for {scope}.")


async def scopes_of(session: AsyncSession, scope: str) -> list[str]:
    """``national``, then the agency's ancestors from the top, then the agency (404 if unknown)."""
    if scope == NATIONAL_SCOPE:
        return [NATIONAL_SCOPE]
    agency = await service.get(session, code=scope)
    chain = await repository.ancestors(session, agency)
    return [NATIONAL_SCOPE, *(a.code for a in reversed(chain)), agency.code]


def apply_overrides(scopes: Sequence[str], rows: Sequence[CalendarOverride]) -> WorkingCalendar:
    """Pure: the calendar with each scope's overrides applied in order (the nearest scope wins)."""
    calendar = WorkingCalendar()
    for scope in scopes:
        mine = [r for r in rows if r.scope == scope]
        calendar = calendar.with_overrides(
            extra_days_off=[r.day for r in mine if r.kind == OverrideKind.DAY_OFF],
            working_days=[r.day for r in mine if r.kind == OverrideKind.WORKING_DAY],
        )
    return calendar


async def effective(session: AsyncSession, scope: str) -> WorkingCalendar:
    scopes = await scopes_of(session, scope)
    return apply_overrides(scopes, await repository.overrides(session, scopes=scopes))


@lru_cache(maxsize=64)
def _holiday_names(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


async def calendar_view(session: AsyncSession, *, scope: str, start: date, end: date) -> CalendarRead:
    if end < start or (end - start).days >= MAX_RANGE_DAYS:
        raise CalendarRangeInvalid(max_days=MAX_RANGE_DAYS)
    scopes = await scopes_of(session, scope)
    rows = await repository.overrides(session, scopes=scopes)
    calendar = apply_overrides(scopes, rows)
    # The nearest scope's declaration of a day explains it.
    declared = {r.day: r for r in sorted(rows, key=lambda r: scopes.index(r.scope))}
    days_off: list[DayOff] = []
    working_weekend: list[WorkingWeekendDay] = []
    count = 0
    day = start
    while day <= end:
        row = declared.get(day)
        if calendar.is_working_day(day):
            count += 1
            if day.weekday() >= 5 and row is not None:
                working_weekend.append(WorkingWeekendDay(day=day, note=row.note, scope=row.scope))
        elif row is not None and row.kind == OverrideKind.DAY_OFF:
            days_off.append(DayOff(day=day, reason=DayOffReason.DECLARED, name=row.note, scope=row.scope))
        elif day in _holiday_names(day.year):
            days_off.append(DayOff(day=day, reason=DayOffReason.HOLIDAY, name=_holiday_names(day.year)[day]))
        else:
            days_off.append(DayOff(day=day, reason=DayOffReason.WEEKEND))
        day += timedelta(days=1)
    return CalendarRead(
        scope=scope,
        start=start,
        end=end,
        working_day_count=count,
        days_off=days_off,
        working_weekend_days=working_weekend,
    )


async def due_date(session: AsyncSession, *, scope: str, received_on: date, working_days: int) -> DueDateRead:
    calendar = await effective(session, scope)
    return DueDateRead(
        scope=scope,
        received_on=received_on,
        working_days=working_days,
        due_date=calendar.due_date(received_on, working_days),
    )


async def list_overrides(
    session: AsyncSession, *, scope: str, year: int | None, limit: int, cursor: str | None
) -> tuple[list[CalendarOverride], str | None]:
    await scopes_of(session, scope)  # 404 for an unknown agency
    after = after_values(cursor, 1)
    rows = await repository.override_page(
        session,
        scope=scope,
        year=year,
        after_day=date.fromisoformat(after[0]) if after else None,
        limit=limit + 1,
    )
    return cut(rows, limit, lambda r: [r.day.isoformat()])


async def _ensure_may_declare(session: AsyncSession, principal: Principal, scope: str) -> None:
    if scope == NATIONAL_SCOPE:
        ensure_system_admin(principal)
    else:
        await service.get(session, code=scope)
        ensure_may_edit(principal, scope)


async def declare(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, scope: str, day: date, data: OverrideWrite
) -> tuple[CalendarOverride, bool]:
    """Declare (or re-declare) one day; returns the override and whether it is new."""
    await _ensure_may_declare(session, principal, scope)
    row = await repository.get_override(session, scope=scope, day=day)
    created = row is None
    if row is None:
        row = CalendarOverride(scope=scope, day=day)
        session.add(row)
    row.kind = data.kind.value
    row.note = data.note
    row.declared_by = principal.subject
    row.declared_at = utcnow()
    await session.flush()
    await _emit(session, outbox, scope)
    return row, created


async def withdraw(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, scope: str, day: date
) -> None:
    await _ensure_may_declare(session, principal, scope)
    if not await repository.delete_override(session, scope=scope, day=day):
        raise OverrideNotFound(day=day.isoformat(), scope=scope)
    await _emit(session, outbox, scope)


async def _emit(session: AsyncSession, outbox: Outbox, scope: str) -> None:
    """The complete set of the scope's overrides; the CloudEvents subject names an agency's scope."""
    rows = await repository.overrides(session, scopes=[scope])
    payload = CalendarChanged(
        extra_days_off=tuple(r.day for r in rows if r.kind == OverrideKind.DAY_OFF),
        working_days=tuple(r.day for r in rows if r.kind == OverrideKind.WORKING_DAY),
        occurred_at=utcnow(),
    )
    subject = None if scope == NATIONAL_SCOPE else f"agency/{scope}"
    await outbox.add(
        session,
        CALENDAR_CHANGED,
        payload,
        key=spec_for(CALENDAR_CHANGED).partition_key(payload),
        subject=subject,
    )
