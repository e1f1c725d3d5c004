"""Queries on procedures and versions; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus


async def get(session: AsyncSession, *, code: str, for_update: bool = False) -> Procedure | None:
    query = select(Procedure).where(Procedure.code == code)
    return (await session.scalars(query.with_for_update() if for_update else query)).first()


async def version(
    session: AsyncSession, *, procedure_id: uuid.UUID, number: int, for_update: bool = False
) -> ProcedureVersion | None:
    query = select(ProcedureVersion).where(
        ProcedureVersion.procedure_id == procedure_id, ProcedureVersion.number == number
    )
    return (await session.scalars(query.with_for_update() if for_update else query)).first()


async def versions(
    session: AsyncSession, *, procedure_id: uuid.UUID, drafts: bool, before: int | None, limit: int
) -> Sequence[ProcedureVersion]:
    """Newest first."""
    query = select(ProcedureVersion).where(ProcedureVersion.procedure_id == procedure_id)
    if not drafts:
        query = query.where(ProcedureVersion.status != VersionStatus.DRAFT.value)
    if before is not None:
        query = query.where(ProcedureVersion.number < before)
    return (await session.scalars(query.order_by(ProcedureVersion.number.desc()).limit(limit))).all()


async def published(session: AsyncSession, *, procedure_id: uuid.UUID) -> Sequence[ProcedureVersion]:
    query = select(ProcedureVersion).where(
        ProcedureVersion.procedure_id == procedure_id, ProcedureVersion.status != VersionStatus.DRAFT.value
    )
    return (await session.scalars(query.order_by(ProcedureVersion.valid_from))).all()


async def draft(session: AsyncSession, *, procedure_id: uuid.UUID) -> ProcedureVersion | None:
    query = select(ProcedureVersion).where(
        ProcedureVersion.procedure_id == procedure_id, ProcedureVersion.status == VersionStatus.DRAFT.value
    )
    return (await session.scalars(query)).first()


async def latest_number(session: AsyncSession, *, procedure_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.max(ProcedureVersion.number)).where(ProcedureVersion.procedure_id == procedure_id)
    )
    return int(value or 0)


def add(session: AsyncSession, row: Procedure | ProcedureVersion) -> None:
    session.add(row)
