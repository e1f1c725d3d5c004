"""Queries on the search read model; no commits here.

Search and browse are the catalogue's hottest queries, so their statements are built once per shape
(which filters are set, fuzzy or not, first page or not, page size) with bound parameters, and cached:
building and hashing a statement of nested selects cost more CPU per request than running it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    Double,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from catalog.agencies.models import Agency
from catalog.classification.models import Field
from catalog.search.models import ProcedureSearchEntry
from catalog.search.rules import ParsedQuery

# Core columns, not ORM attributes: rows are plain tuples anyway.
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

    def present(self) -> dict[str, Any]:
        return {name: value for name, value in asdict(self).items() if value is not None}


def in_force(today: Any) -> ColumnElement[bool]:
    return and_(E.valid_from <= today, or_(E.valid_to.is_(None), E.valid_to >= today))


_FILTERS: dict[str, Any] = {
    "sector_code": lambda p: E.sector_code == p,
    "field_code": lambda p: E.field_code == p,
    "agency_code": lambda p: E.agency_code == p,
    "level": lambda p: E.level == p,
    "min_level": lambda p: E.level >= p,
    "online_mode": lambda p: E.online_mode == p,
    "administrative_level": lambda p: p == func.any(E.administrative_levels),
}
_TYPES = {"level": Integer, "min_level": Integer}


def _filtered(names: frozenset[str]) -> list[ColumnElement[bool]]:
    clauses = [in_force(bindparam("today", type_=Date))]
    for name in sorted(names):
        clauses.append(_FILTERS[name](bindparam(f"f_{name}", type_=_TYPES.get(name, String))))
    return clauses


def _score(with_code: bool) -> ColumnElement[Any]:
    """Relevance: the full-text rank (name words weigh most, words close together more) plus how much
    of the name the query covers, so the general procedure ("Đăng ký thành lập hộ kinh doanh") comes
    before longer, more specific ones that happen to hold the words in a row. An exact name and a
    name prefix come first; a typed code tops everything.

    Cheap on purpose: every matching row is scored, so nothing here computes trigrams (``similarity``
    costs ~11 µs a row; it only serves the fuzzy fallback) and the arithmetic is float8, not numeric
    (30 % less). A float8 round-trips exactly through Python's ``repr``, so the keyset cursor compares
    exactly. The folded query holds only ``[a-z0-9 ]``: nothing to escape in the prefix ``LIKE``.
    """
    text = bindparam("q_text", type_=String)
    coverage = bindparam("q_length", type_=Double) / func.greatest(func.length(E.search_name), 1)
    raw = (
        func.ts_rank_cd(E.search_vector, func.to_tsquery(SIMPLE, bindparam("q_ts", type_=String)), 1)
        + 1.5 * func.least(coverage, 1)
        + case((E.search_name == text, 2.0), else_=0.0)
        + case((E.search_name.startswith(text), 1.0), else_=0.0)
    )
    if with_code:
        raw = raw + case((E.code == bindparam("q_code", type_=String), 10.0), else_=0.0)
    return cast(raw, Double)


def _match(fuzzy: bool) -> ColumnElement[bool]:
    """Every word (the last as a prefix) in the text; or, ``fuzzy``, a name with similar trigrams."""
    if fuzzy:
        return E.search_name.op("%")(bindparam("q_text", type_=String))
    return E.search_vector.op("@@")(func.to_tsquery(SIMPLE, bindparam("q_ts", type_=String)))


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


@lru_cache(maxsize=512)
def _search_statement(
    fuzzy: bool, with_code: bool, filters: frozenset[str], paged: bool, limit: int
) -> Select[Any]:
    """Scored and cut to the page first, then joined to the agency and field names: the joins touch
    ``limit`` rows, not every match."""
    score = _score(with_code).label("score")
    scored = select(*_COLUMNS, score).where(_match(fuzzy), *_filtered(filters)).subquery()
    page = select(scored)
    if paged:
        after_score, after_code = (
            bindparam("after_score", type_=Double),
            bindparam("after_code", type_=String),
        )
        page = page.where(
            or_(scored.c.score < after_score, and_(scored.c.score == after_score, scored.c.code > after_code))
        )
    hits = page.order_by(scored.c.score.desc(), scored.c.code).limit(limit).subquery()
    return (
        select(hits, AGENCY.c.name.label("agency_name"), FIELD.c.name.label("field_name"))
        .join(AGENCY, AGENCY.c.code == hits.c.agency_code, isouter=True)
        .join(FIELD, FIELD.c.code == hits.c.field_code, isouter=True)
        .order_by(hits.c.score.desc(), hits.c.code)
    )


@lru_cache(maxsize=256)
def _browse_statement(filters: frozenset[str], paged: bool, limit: int) -> Select[Any]:
    query = (
        select(*_COLUMNS, AGENCY.c.name.label("agency_name"), FIELD.c.name.label("field_name"))
        .select_from(T)
        .join(AGENCY, AGENCY.c.code == E.agency_code, isouter=True)
        .join(FIELD, FIELD.c.code == E.field_code, isouter=True)
        .where(*_filtered(filters))
    )
    if paged:
        after_name, after_code = bindparam("after_name", type_=String), bindparam("after_code", type_=String)
        query = query.where(
            or_(E.search_name > after_name, and_(E.search_name == after_name, E.code > after_code))
        )
    return query.order_by(E.search_name, E.code).limit(limit)


def _parameters(filters: Filters, today: date) -> dict[str, Any]:
    return {"today": today} | {f"f_{name}": value for name, value in filters.present().items()}


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
    """Procedures in force matching ``query``, best first (then by code)."""
    present = filters.present()
    statement = _search_statement(fuzzy, query.code is not None, frozenset(present), after is not None, limit)
    parameters = _parameters(filters, today) | {
        "q_text": query.text,
        "q_ts": query.tsquery,
        "q_length": float(len(query.text)),
    }
    if query.code is not None:
        parameters["q_code"] = query.code
    if after is not None:
        parameters |= {"after_score": after[0], "after_code": after[1]}
    rows: Sequence[Any] = (await session.execute(statement, parameters)).all()
    return rows


async def browse(
    session: AsyncSession, *, filters: Filters, today: date, after: tuple[str, str] | None, limit: int
) -> Sequence[Any]:
    """Procedures in force in alphabetical order of their folded names."""
    statement = _browse_statement(frozenset(filters.present()), after is not None, limit)
    parameters = _parameters(filters, today)
    if after is not None:
        parameters |= {"after_name": after[0], "after_code": after[1]}
    rows: Sequence[Any] = (await session.execute(statement, parameters)).all()
    return rows


async def counts_by_field(session: AsyncSession, *, today: date) -> dict[str, int]:
    rows = await session.execute(
        select(E.field_code, func.count()).where(in_force(today)).group_by(E.field_code)
    )
    return {code: int(n) for code, n in rows.all()}


def add(session: AsyncSession, entry: ProcedureSearchEntry) -> None:
    session.add(entry)


async def end_validity(session: AsyncSession, *, version_id: Any, valid_to: date) -> None:
    await session.execute(update(T).where(E.version_id == version_id).values(valid_to=valid_to))
