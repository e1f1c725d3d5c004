"""Counts over ``dossier_fact`` for one period (each milestone counted in the period it happened in).

Every query reads the rows of its scope touched since the period began, plus the scope's open
dossiers (pending ones can be untouched for long), through the indexes of ``models``; no figure is
stored, so none can drift from the rows. Statements are built once per shape (dimension, which
filters are set, paged or not, page size) with bound parameters for the period and the filters, and
cached: building and hashing some fifty aggregate expressions cost more CPU than a narrow query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from catalog.classification.models import Field
from catalog.statistics.models import DossierFact as F
from catalog.statistics.period import Period
from contracts.events import RATING_CRITERIA, SatisfactionLevel
from contracts.lifecycle import Channel

CHANNELS = tuple(c.value for c in (Channel.ONLINE, Channel.DESK, Channel.POSTAL))
LEVELS = tuple(level.value for level in SatisfactionLevel)


class Dimension(StrEnum):
    """What a list of figures is broken down by."""

    PROCEDURE = "procedure"
    AGENCY = "agency"
    FIELD = "field"
    SECTOR = "sector"


@dataclass(frozen=True)
class Filters:
    """Which dossiers count: all, or those of one procedure, agency (or set of units), field or sector."""

    procedure: str | None = None
    agency: str | None = None
    agencies: tuple[str, ...] | None = None
    field: str | None = None
    sector: str | None = None


def _count(condition: ColumnElement[bool]) -> Any:
    return func.count().filter(condition)


_START = bindparam("start_at", type_=DateTime(timezone=True))
_END = bindparam("end_at", type_=DateTime(timezone=True))
_SNAPSHOT = bindparam("snapshot_at", type_=DateTime(timezone=True))
_SNAPSHOT_DATE = bindparam("snapshot_date", type_=Date)


def period_parameters(period: Period) -> dict[str, Any]:
    """The values of the period's bound parameters in every statement here."""
    return {
        "start_at": period.start_at,
        "end_at": period.end_at,
        "snapshot_at": period.snapshot_at,
        "snapshot_date": period.snapshot_date,
    }


def _within(column: Any) -> ColumnElement[bool]:
    return and_(column >= _START, column < _END)


def _pending_at(instant: Any) -> ColumnElement[bool]:
    """Received before ``instant`` and not closed by then."""
    return and_(F.received_at < instant, or_(F.closed_at.is_(None), F.closed_at >= instant))


@lru_cache(maxsize=1)
def measures() -> tuple[Any, ...]:
    """Every count of a figure (R-STAT-6), labelled; ``service.build`` turns a row of them into figures."""
    out: list[Any] = []
    for milestone in ("submitted", "received"):
        column = getattr(F, f"{milestone}_at")
        out.append(_count(_within(column)).label(f"{milestone}_total"))
        for channel in CHANNELS:
            in_channel = and_(_within(column), F.channel == channel)
            out.append(_count(in_channel).label(f"{milestone}_{channel}"))
    resolved = _within(F.resolved_at)
    out += [
        _count(_pending_at(_START)).label("carried_over"),
        _count(resolved).label("resolved_total"),
        _count(and_(resolved, F.channel == Channel.ONLINE.value)).label("resolved_online"),
        _count(and_(resolved, F.on_time.is_(True))).label("resolved_on_time"),
        _count(and_(resolved, F.on_time.is_(False))).label("resolved_late"),
    ]
    # R-PROC-8: the appointment date in force at the snapshot (an extension moves it from then on).
    appointment = case((F.extended_at < _SNAPSHOT, F.extended_appointment_date), else_=F.appointment_date)
    pending = _pending_at(_SNAPSHOT)
    out += [
        _count(pending).label("pending_total"),
        _count(and_(pending, appointment < _SNAPSHOT_DATE)).label("pending_overdue"),
        _count(_within(F.returned_at)).label("returned"),
        _count(_within(F.refused_at)).label("refused"),
        _count(and_(_within(F.refused_at), F.refused_at_desk.is_(True))).label("refused_at_desk"),
        _count(_within(F.withdrawn_at)).label("withdrawn"),
        _count(_within(F.stopped_at)).label("stopped"),
    ]
    rated = _within(F.rated_at)
    out.append(_count(rated).label("rated"))
    for criterion in RATING_CRITERIA:
        column = getattr(F, f"rating_{criterion}")
        for level in LEVELS:
            out.append(_count(and_(rated, column == level)).label(f"{criterion}_{level}"))
    return tuple(out)


def _relevant() -> ColumnElement[bool]:
    """Rows that can count: touched since the period began, or still open (pending)."""
    return or_(F.last_event_at >= _START, and_(F.closed_at.is_(None), F.received_at.is_not(None)))


_FILTERS: dict[str, Any] = {
    "procedure": lambda: F.procedure_code == bindparam("f_procedure", type_=String),
    "agency": lambda: F.agency_code == bindparam("f_agency", type_=String),
    "agencies": lambda: F.agency_code.in_(bindparam("f_agencies", expanding=True)),
    "field": lambda: F.field_code == bindparam("f_field", type_=String),
    "sector": lambda: F.field_code.in_(
        select(Field.code).where(Field.sector_code == bindparam("f_sector", type_=String))
    ),
}


def _filter_values(filters: Filters) -> dict[str, Any]:
    values = {name: getattr(filters, name) for name in _FILTERS}
    return {f"f_{name}": value for name, value in values.items() if value is not None}


def _shape(filters: Filters) -> frozenset[str]:
    return frozenset(name for name in _FILTERS if getattr(filters, name) is not None)


@lru_cache(maxsize=64)
def _totals_statement(shape: frozenset[str]) -> Select[Any]:
    return select(*measures()).where(_relevant(), *(_FILTERS[name]() for name in sorted(shape)))


async def totals(session: AsyncSession, *, filters: Filters, period: Period) -> Any:
    parameters = period_parameters(period) | _filter_values(filters)
    return (await session.execute(_totals_statement(_shape(filters)), parameters)).one()


def _key(dimension: Dimension) -> Any:
    return {
        Dimension.PROCEDURE: F.procedure_code,
        Dimension.AGENCY: F.agency_code,
        Dimension.FIELD: F.field_code,
        Dimension.SECTOR: Field.sector_code,
    }[dimension]


@lru_cache(maxsize=256)
def _breakdown_statement(
    dimension: Dimension, shape: frozenset[str], paged: bool, limit: int | None
) -> Select[Any]:
    key = _key(dimension)
    query = select(key.label("key"), *measures()).where(
        _relevant(), key.is_not(None), *(_FILTERS[name]() for name in sorted(shape))
    )
    if dimension is Dimension.SECTOR:
        query = query.join(Field, Field.code == F.field_code)
    if paged:
        query = query.where(key > bindparam("after_key", type_=String))
    query = query.group_by(key).order_by(key)
    return query.limit(limit) if limit is not None else query


async def breakdown(
    session: AsyncSession,
    *,
    dimension: Dimension,
    filters: Filters,
    period: Period,
    after: str | None = None,
    limit: int | None = None,
) -> Sequence[Any]:
    """One row per procedure, agency, field or sector with dossiers in the period, in code order."""
    statement = _breakdown_statement(dimension, _shape(filters), after is not None, limit)
    parameters = period_parameters(period) | _filter_values(filters)
    if after is not None:
        parameters["after_key"] = after
    rows: Sequence[Any] = (await session.execute(statement, parameters)).all()
    return rows


async def per_officer(
    session: AsyncSession,
    *,
    agencies: Sequence[str],
    period: Period,
    after: str | None = None,
    limit: int | None = None,
) -> Sequence[Any]:
    """Per officer of the agencies: dossiers they received, resolved (on time or late) and refused."""

    def arm(officer: Any, role: str, at: Any, on_time: Any) -> Select[Any]:
        return select(officer.label("officer"), literal(role).label("role"), on_time.label("on_time")).where(
            F.agency_code.in_(agencies),
            F.last_event_at >= _START,  # implied by the next line; lets the index bound the scan
            _within(at),
            officer.is_not(None),
        )

    acts = union_all(
        arm(F.received_by, "received", F.received_at, null()),
        arm(F.resolved_by, "resolved", F.resolved_at, F.on_time),
        arm(F.refused_by, "refused", F.refused_at, null()),
    ).subquery()
    resolved = acts.c.role == "resolved"
    query = select(
        acts.c.officer,
        _count(acts.c.role == "received").label("received"),
        _count(resolved).label("resolved_total"),
        _count(and_(resolved, acts.c.on_time.is_(True))).label("resolved_on_time"),
        _count(and_(resolved, acts.c.on_time.is_(False))).label("resolved_late"),
        _count(acts.c.role == "refused").label("refused"),
    )
    if after is not None:
        query = query.where(acts.c.officer > after)
    query = query.group_by(acts.c.officer).order_by(acts.c.officer)
    if limit is not None:
        query = query.limit(limit)
    return (await session.execute(query, period_parameters(period))).all()
