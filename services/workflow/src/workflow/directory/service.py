"""Keeping the directory in step with catalog's events, and reading it: agency chains, effective
calendars, procedure limits, officials."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    AccountKind,
    AccountRegistered,
    AccountUpdated,
    AgencyUpdated,
    CalendarChanged,
    ProcedurePublished,
)
from servicekit.auth import Principal
from servicekit.calendar import WorkingCalendar
from servicekit.db import utcnow
from workflow.directory.models import Agency, CalendarDay, CalendarScope, Officer, ProcedureLimit

NATIONAL = "national"
DAY_OFF = "day_off"
WORKING_DAY = "working_day"
#: Administrative levels from the top (R-CAT-3).
LEVELS = ("central", "province", "district", "commune")


async def apply_agency(session: AsyncSession, event: AgencyUpdated) -> None:
    """Upsert the agency unless a newer description is already stored (events may come out of order)."""
    values = {
        "code": event.agency_code,
        "name": event.name,
        "parent_code": event.parent_code,
        "administrative_level": event.administrative_level,
        "active": event.active,
        "updated_at": event.occurred_at,
    }
    statement = pg_insert(Agency).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Agency.code],
            set_={k: statement.excluded[k] for k in values if k != "code"},
            where=Agency.updated_at < statement.excluded.updated_at,
        )
    )


async def apply_calendar(session: AsyncSession, event: CalendarChanged, *, scope: str) -> bool:
    """Replace a scope's declared days with the complete set the event carries, unless it is older."""
    current = await session.get(CalendarScope, scope, with_for_update=True)
    if current is not None and current.declared_at >= event.occurred_at:
        return False
    if current is None:
        session.add(CalendarScope(scope=scope, declared_at=event.occurred_at))
    else:
        current.declared_at = event.occurred_at
    await session.execute(delete(CalendarDay).where(CalendarDay.scope == scope))
    rows = [{"scope": scope, "day": d, "kind": DAY_OFF} for d in event.extra_days_off]
    rows += [{"scope": scope, "day": d, "kind": WORKING_DAY} for d in event.working_days]
    if rows:
        await session.execute(pg_insert(CalendarDay), rows)
    return True


def scope_of(subject: str | None) -> str:
    """Catalog names an agency's scope in the CloudEvents subject (``agency/<code>``); none is national."""
    if subject and subject.startswith("agency/"):
        return subject.removeprefix("agency/")
    return NATIONAL


async def apply_procedure(session: AsyncSession, event: ProcedurePublished) -> None:
    values = {
        "procedure_code": event.procedure_code,
        "version": event.version,
        "agency_code": event.agency_code,
        "name": event.name,
        "processing_days": event.processing_days,
        "level": event.level,
    }
    statement = pg_insert(ProcedureLimit).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ProcedureLimit.procedure_code, ProcedureLimit.version],
            set_={k: statement.excluded[k] for k in ("agency_code", "name", "processing_days", "level")},
        )
    )


async def ancestors(session: AsyncSession, code: str) -> list[str]:
    """The agency's parents from the nearest up (the agency itself excluded); stops at unknown codes."""
    rows = await session.execute(
        text(
            "with recursive up(code, parent_code, depth) as ("
            " select code, parent_code, 0 from agency where code = :code"
            " union all select a.code, a.parent_code, up.depth + 1 from agency a"
            " join up on a.code = up.parent_code where up.depth < 10)"
            " select code from up where depth > 0 order by depth"
        ),
        {"code": code},
    )
    return [r[0] for r in rows]


async def agencies(session: AsyncSession, codes: Sequence[str]) -> dict[str, Agency]:
    if not codes:
        return {}
    rows = await session.scalars(select(Agency).where(Agency.code.in_(set(codes))))
    return {a.code: a for a in rows}


async def calendar_for(session: AsyncSession, agency_code: str) -> WorkingCalendar:
    """The agency's working days: national overrides, then each ancestor's, then its own (catalog's rule:
    the nearest declaration of a day wins)."""
    chain = await ancestors(session, agency_code)
    scopes = [NATIONAL, *reversed(chain), agency_code]
    rows = (await session.execute(select(CalendarDay).where(CalendarDay.scope.in_(scopes)))).scalars().all()
    calendar = WorkingCalendar()
    for scope in scopes:
        mine = [r for r in rows if r.scope == scope]
        if mine:
            calendar = calendar.with_overrides(
                extra_days_off=[r.day for r in mine if r.kind == DAY_OFF],
                working_days=[r.day for r in mine if r.kind == WORKING_DAY],
            )
    return calendar


async def procedure_limit(session: AsyncSession, procedure_code: str, version: int) -> ProcedureLimit | None:
    return await session.get(ProcedureLimit, (procedure_code, version))


class OfficerCache:
    """What this process last wrote for each official, so a request writes only when a token changed."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._seen: dict[str, tuple[str | None, frozenset[str], frozenset[str]]] = {}

    def fresh(self, principal: Principal) -> bool:
        return self._seen.get(principal.subject) == _fingerprint(principal)

    def remember(self, principal: Principal) -> None:
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[principal.subject] = _fingerprint(principal)


def _fingerprint(principal: Principal) -> tuple[str | None, frozenset[str], frozenset[str]]:
    return (principal.name, principal.agencies, principal.roles)


async def remember_officer(
    session: AsyncSession, principal: Principal, *, now: datetime | None = None
) -> None:
    values = {
        "subject": principal.subject,
        "name": principal.name,
        "agencies": sorted(principal.agencies),
        "roles": sorted(principal.roles),
        "seen_at": now or utcnow(),
    }
    statement = pg_insert(Officer).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Officer.subject],
            set_={k: statement.excluded[k] for k in ("name", "agencies", "roles", "seen_at")},
        )
    )


async def apply_official(session: AsyncSession, event: AccountRegistered | AccountUpdated) -> bool:
    """Identity created or changed an official's account: their name, agencies, roles and whether they
    may still be assigned work, unless a later event already described them (events may come out of
    order). Citizens and organisations are not workflow's business."""
    if event.kind is not AccountKind.OFFICIAL:
        return False
    values = {
        "subject": event.subject,
        "name": event.full_name,
        "agencies": sorted(event.agencies),
        "roles": sorted(event.roles),
        "active": event.active if isinstance(event, AccountUpdated) else True,
        "described_at": event.occurred_at,
        "seen_at": event.occurred_at,
    }
    statement = pg_insert(Officer).values(**values)
    result = await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Officer.subject],
            set_={k: statement.excluded[k] for k in ("name", "agencies", "roles", "active", "described_at")},
            where=(Officer.described_at.is_(None)) | (Officer.described_at < statement.excluded.described_at),
        ).returning(Officer.subject)
    )
    return result.first() is not None


async def officer(session: AsyncSession, subject: str) -> Officer | None:
    return await session.get(Officer, subject)


async def officers_of(
    session: AsyncSession, *, agency_code: str, role: str | None, limit: int
) -> list[Officer]:
    query = select(Officer).where(Officer.agencies.contains([agency_code]), Officer.active)
    if role:
        query = query.where(Officer.roles.contains([role]))
    return list((await session.scalars(query.order_by(Officer.name, Officer.subject).limit(limit))).all())
