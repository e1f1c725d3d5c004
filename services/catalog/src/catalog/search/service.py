"""Search and browse: a query ranks results by relevance; without one, procedures come in name order."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.clock import today_vn
from catalog.paging import after_values
from catalog.search import repository
from catalog.search.repository import Filters
from catalog.search.rules import ParsedQuery, parse_query
from catalog.search.schemas import ProcedureSummary
from servicekit.http import InvalidCursor, encode_cursor


def _summary(row: Any, score: float | None) -> ProcedureSummary:
    return ProcedureSummary(
        code=row.code,
        version=row.version,
        name=row.name,
        agency_code=row.agency_code,
        agency_name=row.agency_name,
        field_code=row.field_code,
        field_name=row.field_name,
        sector_code=row.sector_code,
        level=row.level,
        online_mode=row.online_mode,
        administrative_levels=row.administrative_levels,
        processing_days=row.processing_days,
        valid_from=row.valid_from,
        url=f"/v1/procedures/{row.code}",
        score=repr(score) if score is not None else None,
    )


async def _search(
    session: AsyncSession, query: ParsedQuery, filters: Filters, today: date, limit: int, cursor: str | None
) -> tuple[list[ProcedureSummary], str | None]:
    """Full-text first; when it finds nothing, names with similar trigrams (typos, "kí"/"ký")."""
    after = after_values(cursor, 3)
    try:
        key = (float(after[1]), after[2]) if after else None
    except ValueError as exc:
        raise InvalidCursor() from exc
    fuzzy = bool(after and after[0] == "fuzzy")
    rows = list(
        await repository.search(
            session, query=query, filters=filters, today=today, after=key, limit=limit + 1, fuzzy=fuzzy
        )
    )
    if not rows and after is None:
        fuzzy = True
        rows = list(
            await repository.search(
                session, query=query, filters=filters, today=today, after=None, limit=limit + 1, fuzzy=True
            )
        )
    items = [_summary(r, r.score) for r in rows[:limit]]
    if len(rows) <= limit:
        return items, None
    last = rows[limit - 1]
    return items, encode_cursor(["fuzzy" if fuzzy else "text", repr(last.score), last.code])


async def find(
    session: AsyncSession, *, q: str | None, filters: Filters, limit: int, cursor: str | None
) -> tuple[list[ProcedureSummary], str | None]:
    """Procedures in force today, matching ``q`` when given (diacritics and case ignored)."""
    today = today_vn()
    query = parse_query(q) if q else None
    if query is not None:
        return await _search(session, query, filters, today, limit, cursor)
    after = after_values(cursor, 2)
    rows = list(
        await repository.browse(
            session,
            filters=filters,
            today=today,
            after=(after[0], after[1]) if after else None,
            limit=limit + 1,
        )
    )
    items = [_summary(r, None) for r in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    return items, encode_cursor([last.search_name, last.code]) if last is not None else None
