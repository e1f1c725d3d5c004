"""Use cases on maintenance windows: schedule (R-OPS-1), announce, list the history, cancel."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies.calendar import effective
from catalog.agencies.rules import NATIONAL_SCOPE
from catalog.maintenance import rules
from catalog.maintenance.errors import (
    MaintenanceWindowClosed,
    MaintenanceWindowInvalid,
    MaintenanceWindowNotFound,
    field_error,
)
from catalog.maintenance.models import CANCELLED, SCHEDULED, MaintenanceWindow
from catalog.maintenance.schemas import (
    MaintenanceWindowCreate,
    MaintenanceWindowExtension,
    MaintenanceWindowRead,
)
from catalog.paging import after_values, cut
from catalog.settings import CatalogSettings
from contracts.events import (
    MAINTENANCE_CANCELLED,
    MAINTENANCE_EXTENDED,
    MAINTENANCE_SCHEDULED,
    MaintenanceCancelled,
    MaintenanceExtended,
    MaintenanceScheduled,
)
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ
from servicekit.db import utcnow
from servicekit.errors import FieldError
from servicekit.i18n import current_language
from servicekit.outbox import Outbox, advisory_key

_SCHEDULING_LOCK = advisory_key("catalog.maintenance.schedule")


def _local(at: datetime) -> str:
    return at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def _error(name: str, problem: str, params: Mapping[str, object]) -> FieldError:
    """A field error, its times shown as local wall-clock times (what an administrator typed)."""
    shown = {k: _local(v) if isinstance(v, datetime) else v for k, v in params.items()}
    return field_error(name, problem, **shown)


def read(window: MaintenanceWindow, *, now: datetime, admin: bool) -> MaintenanceWindowRead:
    status = rules.status_of(
        cancelled=window.status == CANCELLED,
        starts_at=window.starts_at,
        expected_end_at=window.expected_end_at,
        now=now,
    )
    english = current_language.get() == "en"
    return MaintenanceWindowRead(
        id=window.id,
        starts_at=window.starts_at,
        expected_end_at=window.expected_end_at,
        message=window.message_en if english and window.message_en else window.message_vi,
        message_vi=window.message_vi,
        message_en=window.message_en,
        status=status,
        status_label=status.label.render(),
        created_at=window.created_at,
        scheduled_by=window.scheduled_by if admin else None,
        cancelled_at=window.cancelled_at,
        cancelled_by=window.cancelled_by if admin else None,
    )


async def schedule(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    data: MaintenanceWindowCreate,
    settings: CatalogSettings,
) -> MaintenanceWindow:
    """A new window, at least ``maintenance_notice_working_days`` whole working days ahead on the
    national calendar (with the days administrators declared), not overlapping a scheduled one."""
    now = utcnow()
    calendar = await effective(session, NATIONAL_SCOPE)
    errors = [
        _error(name, problem, params)
        for name, problem, params in rules.window_problems(
            starts_at=data.starts_at,
            expected_end_at=data.expected_end_at,
            now=now,
            calendar=calendar,
            notice_working_days=settings.maintenance_notice_working_days,
            max_hours=settings.maintenance_max_hours,
        )
    ]
    # Two administrators scheduling at once must not both pass the overlap check.
    await session.execute(select(func.pg_advisory_xact_lock(_SCHEDULING_LOCK)))
    if not errors:
        clash = await _clash(session, start=data.starts_at, end=data.expected_end_at, besides=None)
        if clash is not None:
            errors.append(_error("starts_at", "overlap", clash))
    if errors:
        raise MaintenanceWindowInvalid(errors=errors)
    window = MaintenanceWindow(
        starts_at=data.starts_at,
        expected_end_at=data.expected_end_at,
        message_vi=data.message_vi,
        message_en=data.message_en,
        status=SCHEDULED,
        scheduled_by=principal.subject,
        created_at=now,
    )
    session.add(window)
    await session.flush()
    await outbox.add(
        session,
        MAINTENANCE_SCHEDULED,
        MaintenanceScheduled(
            window_id=window.id,
            starts_at=window.starts_at,
            expected_end_at=window.expected_end_at,
            message_vi=window.message_vi,
            message_en=window.message_en,
            scheduled_by=principal.subject,
            occurred_at=now,
        ),
        key=str(window.id),
        subject=str(window.id),
    )
    return window


async def _clash(
    session: AsyncSession, *, start: datetime, end: datetime, besides: uuid.UUID | None
) -> dict[str, object] | None:
    """The times of a scheduled window overlapping [start, end), other than ``besides``, if any."""
    query = select(MaintenanceWindow).where(
        MaintenanceWindow.status == SCHEDULED,
        MaintenanceWindow.starts_at < end,
        MaintenanceWindow.expected_end_at > start,
    )
    if besides is not None:
        query = query.where(MaintenanceWindow.id != besides)
    clash = await session.scalar(query.limit(1))
    if clash is None:
        return None
    return {"starts_at": clash.starts_at, "expected_end_at": clash.expected_end_at}


async def extend(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    window_id: uuid.UUID,
    data: MaintenanceWindowExtension,
    settings: CatalogSettings,
) -> MaintenanceWindow:
    """Move the expected end of a window to come or in progress later (an overrun: the announced
    return time stays true, the gateway's Retry-After follows on its next poll)."""
    await session.execute(select(func.pg_advisory_xact_lock(_SCHEDULING_LOCK)))
    window = await get(session, window_id=window_id, for_update=True)
    now = utcnow()
    status = rules.status_of(
        cancelled=window.status == CANCELLED,
        starts_at=window.starts_at,
        expected_end_at=window.expected_end_at,
        now=now,
    )
    if status in (rules.WindowStatus.CANCELLED, rules.WindowStatus.ENDED):
        raise MaintenanceWindowClosed(status=status.label.render().lower())
    errors: list[FieldError] = []
    if data.expected_end_at <= window.expected_end_at:
        errors.append(_error("expected_end_at", "not_later", {"expected_end_at": window.expected_end_at}))
    elif data.expected_end_at - window.starts_at > timedelta(hours=settings.maintenance_max_hours):
        errors.append(_error("expected_end_at", "too_long", {"hours": settings.maintenance_max_hours}))
    else:
        clash = await _clash(
            session, start=window.expected_end_at, end=data.expected_end_at, besides=window.id
        )
        if clash is not None:
            errors.append(_error("expected_end_at", "overlap", clash))
    if errors:
        raise MaintenanceWindowInvalid(errors=errors)
    previous = window.expected_end_at
    window.expected_end_at = data.expected_end_at
    if data.message_vi is not None:
        window.message_vi = data.message_vi
    if data.message_en is not None:
        window.message_en = data.message_en
    await session.flush()
    await outbox.add(
        session,
        MAINTENANCE_EXTENDED,
        MaintenanceExtended(
            window_id=window.id,
            starts_at=window.starts_at,
            previous_expected_end_at=previous,
            expected_end_at=window.expected_end_at,
            message_vi=window.message_vi,
            message_en=window.message_en,
            extended_by=principal.subject,
            occurred_at=now,
        ),
        key=str(window.id),
        subject=str(window.id),
    )
    return window


async def announced(session: AsyncSession, *, now: datetime) -> Sequence[MaintenanceWindow]:
    """Windows in progress or to come (what the portal shows and the gateway enforces), soonest first."""
    rows = await session.scalars(
        select(MaintenanceWindow)
        .where(MaintenanceWindow.status == SCHEDULED, MaintenanceWindow.expected_end_at > now)
        .order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id)
    )
    return rows.all()


async def history(
    session: AsyncSession, *, limit: int, cursor: str | None
) -> tuple[list[MaintenanceWindow], str | None]:
    """Every window ever scheduled, latest start first (system administrators)."""
    after = after_values(cursor, 2)
    query = select(MaintenanceWindow)
    if after is not None:
        query = query.where(
            tuple_(MaintenanceWindow.starts_at, MaintenanceWindow.id)
            < tuple_(datetime.fromisoformat(after[0]), uuid.UUID(after[1]))
        )
    rows = (
        await session.scalars(
            query.order_by(MaintenanceWindow.starts_at.desc(), MaintenanceWindow.id.desc()).limit(limit + 1)
        )
    ).all()
    return cut(rows, limit, lambda w: [w.starts_at.isoformat(), str(w.id)])


async def get(session: AsyncSession, *, window_id: uuid.UUID, for_update: bool = False) -> MaintenanceWindow:
    query = select(MaintenanceWindow).where(MaintenanceWindow.id == window_id)
    if for_update:
        query = query.with_for_update()
    window = await session.scalar(query)
    if window is None:
        raise MaintenanceWindowNotFound(window_id=window_id)
    return window


async def cancel(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, window_id: uuid.UUID
) -> MaintenanceWindow:
    """Cancel a window to come, or end one in progress early; the gateway stops answering 503 on its
    next poll. An ended or cancelled window is 409."""
    window = await get(session, window_id=window_id, for_update=True)
    now = utcnow()
    status = rules.status_of(
        cancelled=window.status == CANCELLED,
        starts_at=window.starts_at,
        expected_end_at=window.expected_end_at,
        now=now,
    )
    if status in (rules.WindowStatus.CANCELLED, rules.WindowStatus.ENDED):
        raise MaintenanceWindowClosed(status=status.label.render().lower())
    window.status = CANCELLED
    window.cancelled_by = principal.subject
    window.cancelled_at = now
    await session.flush()
    await outbox.add(
        session,
        MAINTENANCE_CANCELLED,
        MaintenanceCancelled(
            window_id=window.id, starts_at=window.starts_at, cancelled_by=principal.subject, occurred_at=now
        ),
        key=str(window.id),
        subject=str(window.id),
    )
    return window
