"""Counts over ``dossier_fact`` for one year (each milestone counted in the year it happened)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from catalog.statistics.models import DossierFact as F


def _count(condition: ColumnElement[bool]) -> Any:
    return func.count().filter(condition)


def _measures(start: datetime, end: datetime) -> list[Any]:
    def within(column: Any) -> ColumnElement[bool]:
        return and_(column >= start, column < end)

    measures: list[Any] = []
    for milestone in ("submitted", "received"):
        column = getattr(F, f"{milestone}_at")
        measures.append(_count(within(column)).label(f"{milestone}_total"))
        for channel in ("online", "desk", "postal"):
            measures.append(
                _count(and_(within(column), F.channel == channel)).label(f"{milestone}_{channel}")
            )
    measures += [
        _count(within(F.resolved_at)).label("resolved_total"),
        _count(and_(within(F.resolved_at), F.channel == "online")).label("resolved_online"),
        _count(and_(within(F.resolved_at), F.on_time.is_(True))).label("resolved_on_time"),
        _count(and_(within(F.resolved_at), F.on_time.is_(False))).label("resolved_late"),
    ]
    for milestone in ("returned", "refused", "withdrawn", "stopped"):
        measures.append(_count(within(getattr(F, f"{milestone}_at"))).label(milestone))
    return measures


async def totals(
    session: AsyncSession,
    *,
    procedure_code: str | None = None,
    agency_code: str | None = None,
    start: datetime,
    end: datetime,
) -> Any:
    query = select(*_measures(start, end)).where(F.last_event_at >= start)
    if procedure_code is not None:
        query = query.where(F.procedure_code == procedure_code)
    if agency_code is not None:
        query = query.where(F.agency_code == agency_code)
    return (await session.execute(query)).one()


async def per_procedure(
    session: AsyncSession,
    *,
    agency_code: str | None,
    start: datetime,
    end: datetime,
    after: str | None,
    limit: int,
) -> Sequence[Any]:
    """One row per procedure with activity this year, in code order."""
    query = select(F.procedure_code, *_measures(start, end)).where(F.last_event_at >= start)
    if agency_code is not None:
        query = query.where(F.agency_code == agency_code)
    if after is not None:
        query = query.where(F.procedure_code > after)
    query = query.group_by(F.procedure_code).order_by(F.procedure_code).limit(limit)
    return (await session.execute(query)).all()
