"""Use cases on sectors and fields; listings carry the number of procedures in force in each."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository as agencies
from catalog.auth import ensure_may_edit, ensure_system_admin, is_system_admin
from catalog.classification import repository
from catalog.classification.errors import (
    ClassificationExists,
    ClassificationInvalid,
    FieldNotFound,
    SectorNotFound,
    field_error,
)
from catalog.classification.models import Field, Sector
from catalog.classification.rules import field_matches_agency
from catalog.classification.schemas import (
    FieldCreate,
    FieldRead,
    FieldSummary,
    FieldUpdate,
    SectorCreate,
    SectorRead,
    SectorUpdate,
)
from catalog.clock import today_vn
from catalog.codes import field_ministry_unit
from catalog.folding import fold, words
from catalog.paging import after_values, cut
from catalog.search import repository as search
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError


async def get_sector(session: AsyncSession, *, code: str, for_update: bool = False) -> Sector:
    sector = await repository.get_sector(session, code=code, for_update=for_update)
    if sector is None:
        raise SectorNotFound(sector_code=code)
    return sector


async def get_field(session: AsyncSession, *, code: str, for_update: bool = False) -> Field:
    field = await repository.get_field(session, code=code, for_update=for_update)
    if field is None:
        raise FieldNotFound(field_code=code)
    return field


async def sector_reads(
    session: AsyncSession, sectors: list[Sector], *, with_fields: bool
) -> list[SectorRead]:
    """Sectors with their fields and counts of procedures in force: browse step 1 of 3 (R-CAT-3)."""
    counts = await search.counts_by_field(session, today=today_vn())
    by_sector: dict[str, list[FieldSummary]] = {s.code: [] for s in sectors}
    for field in await repository.fields_of(session, by_sector):
        by_sector[field.sector_code].append(
            FieldSummary(code=field.code, name=field.name, procedure_count=counts.get(field.code, 0))
        )
    reads = []
    for sector in sectors:
        read = SectorRead.model_validate(sector)
        read.procedure_count = sum(f.procedure_count for f in by_sector[sector.code])
        read.fields = by_sector[sector.code] if with_fields else []
        reads.append(read)
    return reads


async def list_sectors(
    session: AsyncSession, *, with_fields: bool, limit: int, cursor: str | None
) -> tuple[list[SectorRead], str | None]:
    after = after_values(cursor, 2)
    rows = await repository.sectors(
        session, after=(int(after[0]), after[1]) if after else None, limit=limit + 1
    )
    page, next_cursor = cut(rows, limit, lambda s: [s.position, s.code])
    return await sector_reads(session, page, with_fields=with_fields), next_cursor


async def list_fields(
    session: AsyncSession, *, sector_code: str | None, q: str | None, limit: int, cursor: str | None
) -> tuple[list[FieldRead], str | None]:
    after = after_values(cursor, 3)
    rows = await repository.fields(
        session,
        sector_code=sector_code,
        name_words=words(q or ""),
        after=(after[0], int(after[1]), after[2]) if after else None,
        limit=limit + 1,
    )
    page, next_cursor = cut(rows, limit, lambda f: [f.sector_code, f.position, f.code])
    return await field_reads(session, page), next_cursor


async def field_reads(session: AsyncSession, fields: list[Field]) -> list[FieldRead]:
    counts = await search.counts_by_field(session, today=today_vn())
    reads = []
    for field in fields:
        read = FieldRead.model_validate(field)
        read.procedure_count = counts.get(field.code, 0)
        reads.append(read)
    return reads


async def create_sector(session: AsyncSession, *, principal: Principal, data: SectorCreate) -> Sector:
    ensure_system_admin(principal)
    if await repository.get_sector(session, code=data.code) is not None:
        raise ClassificationExists(code_value=data.code)
    sector = Sector(
        code=data.code,
        name=data.name,
        name_folded=fold(data.name),
        description=data.description,
        position=data.position,
        updated_at=utcnow(),
    )
    session.add(sector)
    await session.flush()
    return sector


async def update_sector(
    session: AsyncSession, *, principal: Principal, sector: Sector, data: SectorUpdate
) -> Sector:
    ensure_system_admin(principal)
    changes = _changes(data, required=("name", "position"))
    for name, value in changes.items():
        setattr(sector, name, value)
    sector.name_folded = fold(sector.name)
    sector.updated_at = utcnow()
    await session.flush()
    return sector


async def _check_field(
    session: AsyncSession, *, code: str, sector_code: str, managing_agency_code: str | None
) -> None:
    errors: list[FieldError] = []
    if await repository.get_sector(session, code=sector_code) is None:
        errors.append(field_error("sector_code", "unknown_sector", value=sector_code))
    if managing_agency_code is not None:
        if not await agencies.existing_codes(session, [managing_agency_code]):
            errors.append(field_error("managing_agency_code", "unknown_agency", value=managing_agency_code))
        elif not field_matches_agency(code, managing_agency_code):
            errors.append(
                field_error("code", "ministry_mismatch", value=code, unit=field_ministry_unit(code))
            )
    if errors:
        raise ClassificationInvalid(errors=errors)


def _ensure_may_edit_field(principal: Principal, managing_agency_code: str | None) -> None:
    """System administrators, or the catalogue administrators of the managing agency."""
    if is_system_admin(principal):
        return
    if managing_agency_code is None:
        ensure_system_admin(principal)
    else:
        ensure_may_edit(principal, managing_agency_code)


async def create_field(session: AsyncSession, *, principal: Principal, data: FieldCreate) -> Field:
    _ensure_may_edit_field(principal, data.managing_agency_code)
    await _check_field(
        session, code=data.code, sector_code=data.sector_code, managing_agency_code=data.managing_agency_code
    )
    if await repository.get_field(session, code=data.code) is not None:
        raise ClassificationExists(code_value=data.code)
    field = Field(
        code=data.code,
        sector_code=data.sector_code,
        name=data.name,
        name_folded=fold(data.name),
        description=data.description,
        managing_agency_code=data.managing_agency_code,
        position=data.position,
        updated_at=utcnow(),
    )
    session.add(field)
    await session.flush()
    return field


async def update_field(
    session: AsyncSession, *, principal: Principal, field: Field, data: FieldUpdate
) -> Field:
    _ensure_may_edit_field(principal, field.managing_agency_code)
    changes = _changes(data, required=("sector_code", "name", "position"))
    if "managing_agency_code" in changes:
        _ensure_may_edit_field(principal, changes["managing_agency_code"])
    await _check_field(
        session,
        code=field.code,
        sector_code=changes.get("sector_code", field.sector_code),
        managing_agency_code=changes.get("managing_agency_code", field.managing_agency_code),
    )
    for name, value in changes.items():
        setattr(field, name, value)
    field.name_folded = fold(field.name)
    field.updated_at = utcnow()
    await session.flush()
    return field


def _changes(data: SectorUpdate | FieldUpdate, *, required: tuple[str, ...]) -> dict[str, Any]:
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    missing = [
        FieldError(name, "missing", "Trường này là bắt buộc.")
        for name in required
        if name in changes and changes[name] is None
    ]
    if missing:
        raise ClassificationInvalid(errors=missing)
    return changes
