"""Queries on the search read model; no commits here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Double, Table, and_, case, cast, func, literal, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from catalog.agencies.models import Agency
from catalog.classification.models import Field
from catalog.search.models import ProcedureSearchEntry
from catalog.search.rules import ParsedQuery

# Core columns, not ORM attributes: these are the hottest queries, and rows are plain tuples anyway.
T: Table = ProcedureSearchEntry.__table__  # type: ignore[assignment]
E = T.c
AGENCY: Table = Agency.__table__  # type: ignore[assignment]
FIELD: Table = Field.__table__  # type: ignore[assignment]

# The text search configuration as a constant: a bound parameter would not resolve to regconfig.
SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")


@dataclass(frozen=True)
class Filters:
    sector_code: str | None = None
    field_code: str | None = None
    agency_code: str | None = None
    level: int | None = None
    min_level: int | None = None
    online_mode: str | None = None
    administrative_level: str | None = None


def in_force(today: date) -> ColumnElement[bool]:
    return and_(E.valid_from <= today, or_(E.valid_to.is_(None), E.valid_to >= today))


def _filtered(filters: Filters, today: date) -> list[ColumnElement[bool]]:
    clauses = [in_force(today)]
    if filters.sector_code:
        clauses.append(E.sector_code == filters.sector_code)
    if filters.field_code:
        clauses.append(E.field_code == filters.field_code)
    if filters.agency_code:
        clauses.append(E.agency_code == filters.agency_code)
    if filters.level is not None:
        clauses.append(E.level == filters.level)
    if filters.min_level is not None:
        clauses.append(E.level >= filters.min_level)
    if filters.online_mode:
        clauses.append(E.online_mode == filters.online_mode)
    if filters.administrative_level:
        clauses.append(literal(filters.administrative_level) == func.any(E.administrative_levels))
    return clauses


def _score(query: ParsedQuery) -> ColumnElement[Any]:
    """Relevance: the full-text rank (name words weigh most, words close together more) plus how much
    of the name the query covers, so the general procedure ("Đăng ký thành lập hộ kinh doanh") comes
    before longer, more specific ones that happen to hold the words in a row. An exact name and a
    name prefix come first; a typed code tops everything.

    Cheap on purpose: every matching row is scored, so nothing here computes trigrams (``similarity``
    costs ~11 µs a row; it only serves the fuzzy fallback) and the arithmetic is float8, not numeric
    (30 % less). A float8 round-trips exactly through Python's ``repr``, so the keyset cursor compares
    exactly.
    """
    tsq = func.to_tsquery(SIMPLE, query.tsquery)
    coverage = cast(len(query.text), Double) / func.greatest(func.length(E.search_name), 1)
    raw = (
        func.ts_rank_cd(E.search_vector, tsq, 1)
        + 1.5 * func.least(coverage, 1)
        + case((E.search_name == query.text, 2.0), else_=0.0)
        + case((E.search_name.startswith(query.text, autoescape=True), 1.0), else_=0.0)
        + (case((E.code == query.code, 10.0), else_=0.0) if query.code else literal(0.0))
    )
    return cast(raw, Double)


def _match(query: ParsedQuery, *, fuzzy: bool) -> ColumnElement[bool]:
    """Every word (the last as a prefix) in the text; or, ``fuzzy``, a name with similar trigrams."""
    if fuzzy:
        return E.search_name.op("%")(query.text)
    return E.search_vector.op("@@")(func.to_tsquery(SIMPLE, query.tsquery))


# What a listing row shows (never the vector or the body: they are large and only the index needs them).
_COLUMNS = (
    E.code,
    E.version,
    E.name,
    E.agency_code,
    E.field_code,
    E.sector_code,
    E.level,
    E.online_mode,
    E.administrative_levels,
    E.processing_days,
    E.valid_from,
    E.search_name,
)


def _columns() -> list[Any]:
    return [*_COLUMNS, AGENCY.c.name.label("agency_name"), FIELD.c.name.label("field_name")]


async def search(
    session: AsyncSession,
    *,
    query: ParsedQuery,
    filters: Filters,
    today: date,
    after: tuple[float, str] | None,
    limit: int,
    fuzzy: bool = False,
) -> Sequence[Any]:
    """Procedures in force matching ``query``, best first (then by code).

    Scored and cut to the page first, then joined to the agency and field names: the joins touch
    ``limit`` rows, not every match.
    """
    score = _score(query).label("score")
    scored = select(*_COLUMNS, score).where(_match(query, fuzzy=fuzzy), *_filtered(filters, today)).subquery()
    page = select(scored)
    if after is not None:
        page = page.where(
            or_(scored.c.score < after[0], and_(scored.c.score == after[0], scored.c.code > after[1]))
        )
    hits = page.order_by(scored.c.score.desc(), scored.c.code).limit(limit).subquery()
    named = (
        select(hits, AGENCY.c.name.label("agency_name"), FIELD.c.name.label("field_name"))
        .join(AGENCY, AGENCY.c.code == hits.c.agency_code, isouter=True)
        .join(FIELD, FIELD.c.code == hits.c.field_code, isouter=True)
        .order_by(hits.c.score.desc(), hits.c.code)
    )
    return (await session.execute(named)).all()


async def browse(
    session: AsyncSession, *, filters: Filters, today: date, after: tuple[str, str] | None, limit: int
) -> Sequence[Any]:
    """Procedures in force in alphabetical order of their folded names."""
    query = (
        select(*_columns())
        .select_from(T)
        .join(AGENCY, AGENCY.c.code == E.agency_code, isouter=True)
        .join(FIELD, FIELD.c.code == E.field_code, isouter=True)
        .where(*_filtered(filters, today))
    )
    if after is not None:
        query = query.where(or_(E.search_name > after[0], and_(E.search_name == after[0], E.code > after[1])))
    return (await session.execute(query.order_by(E.search_name, E.code).limit(limit))).all()


async def counts_by_field(session: AsyncSession, *, today: date) -> dict[str, int]:
    rows = await session.execute(
        select(E.field_code, func.count()).where(in_force(today)).group_by(E.field_code)
    )
    return {code: int(n) for code, n in rows.all()}


def add(session: AsyncSession, entry: ProcedureSearchEntry) -> None:
    session.add(entry)


async def end_validity(session: AsyncSession, *, version_id: Any, valid_to: date) -> None:
    await session.execute(update(T).where(E.version_id == version_id).values(valid_to=valid_to))
