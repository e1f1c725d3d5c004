"""Queries on agencies and calendar overrides; no commits here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies.models import Agency, CalendarOverride


async def get(session: AsyncSession, *, code: str, for_update: bool = False) -> Agency | None:
    query = select(Agency).where(Agency.code == code)
    if for_update:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def existing_codes(session: AsyncSession, codes: Iterable[str]) -> set[str]:
    wanted = set(codes)
    if not wanted:
        return set()
    return set((await session.scalars(select(Agency.code).where(Agency.code.in_(wanted)))).all())


async def names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.execute(select(Agency.code, Agency.name).where(Agency.code.in_(wanted)))
    return {code: name for code, name in rows.all()}


async def search(
    session: AsyncSession,
    *,
    parent_code: str | None,
    level: str | None,
    name_words: list[str],
    active: bool | None,
    after_code: str | None,
    limit: int,
) -> Sequence[Agency]:
    """Agencies in code order (the QCVN 102 numbering groups a unit's children together)."""
    query = select(Agency)
    if parent_code is not None:
        query = query.where(Agency.parent_code == parent_code)
    if level is not None:
        query = query.where(Agency.administrative_level == level)
    if active is not None:
        query = query.where(Agency.active.is_(active))
    for word in name_words:
        query = query.where(Agency.name_folded.contains(word, autoescape=True))
    if after_code is not None:
        query = query.where(Agency.code > after_code)
    return (await session.scalars(query.order_by(Agency.code).limit(limit))).all()


async def ancestors(session: AsyncSession, agency: Agency) -> list[Agency]:
    """The chain of parents, nearest first (QCVN 102 has at most four levels)."""
    chain: list[Agency] = []
    current = agency
    while current.parent_code is not None and len(chain) < 8:
        parent = await get(session, code=current.parent_code)
        if parent is None:
            break
        chain.append(parent)
        current = parent
    return chain


async def subtree_codes(session: AsyncSession, code: str) -> list[str]:
    """The agency's code and those of all its units, at any depth, in code order."""
    tree = select(Agency.code).where(Agency.code == code).cte("tree", recursive=True)
    tree = tree.union_all(select(Agency.code).where(Agency.parent_code == tree.c.code))
    return sorted((await session.scalars(select(tree.c.code))).all())


def add(session: AsyncSession, agency: Agency) -> None:
    session.add(agency)


async def overrides(
    session: AsyncSession, *, scopes: Sequence[str], start: date | None = None, end: date | None = None
) -> Sequence[CalendarOverride]:
    query = select(CalendarOverride).where(CalendarOverride.scope.in_(scopes))
    if start is not None:
        query = query.where(CalendarOverride.day >= start)
    if end is not None:
        query = query.where(CalendarOverride.day <= end)
    return (await session.scalars(query.order_by(CalendarOverride.day))).all()


async def override_page(
    session: AsyncSession, *, scope: str, year: int | None, after_day: date | None, limit: int
) -> Sequence[CalendarOverride]:
    query = select(CalendarOverride).where(CalendarOverride.scope == scope)
    if year is not None:
        query = query.where(
            CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31)
        )
    if after_day is not None:
        query = query.where(CalendarOverride.day > after_day)
    return (await session.scalars(query.order_by(CalendarOverride.day).limit(limit))).all()


async def get_override(session: AsyncSession, *, scope: str, day: date) -> CalendarOverride | None:
    return await session.get(CalendarOverride, (scope, day))


async def delete_override(session: AsyncSession, *, scope: str, day: date) -> bool:
    result = await session.execute(
        delete(CalendarOverride).where(CalendarOverride.scope == scope, CalendarOverride.day == day)
    )
    return bool(getattr(result, "rowcount", 0))
