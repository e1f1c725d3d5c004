"""Queries on sectors and fields; no commits here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import and_, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.classification.models import Field, Sector


async def get_sector(session: AsyncSession, *, code: str, for_update: bool = False) -> Sector | None:
    query = select(Sector).where(Sector.code == code)
    return (await session.scalars(query.with_for_update() if for_update else query)).first()


async def get_field(session: AsyncSession, *, code: str, for_update: bool = False) -> Field | None:
    query = select(Field).where(Field.code == code)
    return (await session.scalars(query.with_for_update() if for_update else query)).first()


async def sectors(session: AsyncSession, *, after: tuple[int, str] | None, limit: int) -> Sequence[Sector]:
    query = select(Sector)
    if after is not None:
        query = query.where(tuple_(Sector.position, Sector.code) > tuple_(*after))
    return (await session.scalars(query.order_by(Sector.position, Sector.code).limit(limit))).all()


async def fields_of(session: AsyncSession, sector_codes: Iterable[str]) -> Sequence[Field]:
    codes = list(sector_codes)
    if not codes:
        return []
    query = select(Field).where(Field.sector_code.in_(codes)).order_by(Field.position, Field.code)
    return (await session.scalars(query)).all()


async def fields(
    session: AsyncSession,
    *,
    sector_code: str | None,
    name_words: list[str],
    after: tuple[str, int, str] | None,
    limit: int,
) -> Sequence[Field]:
    query = select(Field)
    if sector_code is not None:
        query = query.where(Field.sector_code == sector_code)
    for word in name_words:
        query = query.where(Field.name_folded.contains(word, autoescape=True))
    if after is not None:
        sector, position, code = after
        query = query.where(
            or_(
                Field.sector_code > sector,
                and_(
                    Field.sector_code == sector, tuple_(Field.position, Field.code) > tuple_(position, code)
                ),
            )
        )
    query = query.order_by(Field.sector_code, Field.position, Field.code).limit(limit)
    return (await session.scalars(query)).all()


async def field_sectors(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """field code → sector code, for the codes that exist."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.execute(select(Field.code, Field.sector_code).where(Field.code.in_(wanted)))
    return {code: sector for code, sector in rows.all()}
