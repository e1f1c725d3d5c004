"""Dossier codes (R-INT-2, R-FMT-2): ``<agency code>-YYMMDD-XXXX``, a sequence per agency per reception
day, without gaps or duplicates, issued in the same transaction as the reception."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from intake.reception.models import DossierCodeCounter


def format_code(agency_code: str, day: date, sequence: int) -> str:
    """``000.00.25.H49-261123-0007``: four digits at least (a fifth when a day passes 9,999)."""
    if sequence < 1:
        raise ValueError("sequence numbers start at 1")
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


async def next_sequence(session: AsyncSession, *, agency_code: str, day: date) -> int:
    """The next number of the day for the agency. The upsert locks the counter row until the caller's
    transaction ends, so concurrent receptions wait their turn; a rollback returns the number."""
    table = DossierCodeCounter.__table__
    assert isinstance(table, Table)
    statement = (
        insert(table)
        .values(agency_code=agency_code, day=day, last_value=1)
        .on_conflict_do_update(
            index_elements=[table.c.agency_code, table.c.day], set_={"last_value": table.c.last_value + 1}
        )
        .returning(table.c.last_value)
    )
    return int((await session.execute(statement)).scalar_one())


async def issue(session: AsyncSession, *, agency_code: str, day: date) -> str:
    return format_code(agency_code, day, await next_sequence(session, agency_code=agency_code, day=day))
