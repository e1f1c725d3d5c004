"""Use cases of the FAQ: anyone reads a procedure's published questions; its agency's catalogue
administrators (or a system administrator) write them (R-STAT-7)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository as agencies
from catalog.agencies.models import Agency
from catalog.auth import ensure_may_edit, may_see_drafts
from catalog.faq.errors import FaqNotFound
from catalog.faq.models import ProcedureFaq
from catalog.faq.schemas import FaqCreate, FaqUpdate
from catalog.paging import after_values, cut
from catalog.procedures import service as procedures
from catalog.procedures.models import Procedure
from servicekit.auth import Principal
from servicekit.db import utcnow

POSITION_STEP = 10


async def page(
    session: AsyncSession, *, code: str, principal: Principal | None, limit: int, cursor: str | None
) -> tuple[Procedure, list[ProcedureFaq], str | None, Agency | None]:
    procedure = await procedures.get(session, code=code)
    query = select(ProcedureFaq).where(ProcedureFaq.procedure_id == procedure.id)
    if not may_see_drafts(principal, [procedure.agency_code]):
        query = query.where(ProcedureFaq.published.is_(True))
    after = after_values(cursor, 2)
    if after:
        query = query.where(
            tuple_(ProcedureFaq.position, ProcedureFaq.id) > (int(after[0]), uuid.UUID(after[1]))
        )
    rows: Sequence[ProcedureFaq] = (
        await session.scalars(query.order_by(ProcedureFaq.position, ProcedureFaq.id).limit(limit + 1))
    ).all()
    items, next_cursor = cut(rows, limit, lambda r: [r.position, r.id])
    agency = await agencies.get(session, code=procedure.agency_code)
    return procedure, items, next_cursor, agency


async def get(
    session: AsyncSession,
    *,
    code: str,
    faq_id: uuid.UUID,
    principal: Principal | None,
    for_update: bool = False,
) -> tuple[Procedure, ProcedureFaq]:
    procedure = await procedures.get(session, code=code)
    entry = await session.get(ProcedureFaq, faq_id, with_for_update=for_update)
    if (
        entry is None
        or entry.procedure_id != procedure.id
        or (not entry.published and not may_see_drafts(principal, [procedure.agency_code]))
    ):
        raise FaqNotFound(procedure_code=code, faq_id=str(faq_id))
    return procedure, entry


async def create(session: AsyncSession, *, code: str, principal: Principal, data: FaqCreate) -> ProcedureFaq:
    procedure = await procedures.get(session, code=code)
    ensure_may_edit(principal, procedure.agency_code)
    position = data.position
    if position is None:
        last = await session.scalar(
            select(func.max(ProcedureFaq.position)).where(ProcedureFaq.procedure_id == procedure.id)
        )
        position = (last or 0) + POSITION_STEP
    now = utcnow()
    entry = ProcedureFaq(
        procedure_id=procedure.id,
        question=data.question,
        answer=data.answer,
        position=position,
        published=data.published,
        created_by=principal.subject,
        created_at=now,
        updated_by=principal.subject,
        updated_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry


def ensure_editable(principal: Principal, procedure: Procedure) -> None:
    ensure_may_edit(principal, procedure.agency_code)


def update(entry: ProcedureFaq, *, principal: Principal, data: FaqUpdate) -> None:
    for name in ("question", "answer", "position", "published"):
        value = getattr(data, name)
        if value is not None:
            setattr(entry, name, value)
    entry.updated_by = principal.subject
    entry.updated_at = utcnow()
