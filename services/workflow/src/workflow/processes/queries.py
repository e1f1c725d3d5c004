"""Reading process instances: the desk's list and one instance with its stages and open steps."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.http import decode_cursor, encode_cursor
from workflow.processes.engine import stages_of
from workflow.processes.models import ProcessInstance, is_processing
from workflow.processes.schemas import ProcessDetail, ProcessRead, StageRead
from workflow.tasks.models import OPEN, SUSPENDED, Task
from workflow.tasks.queries import task_read


class Due(StrEnum):
    ANY = "any"
    SOON = "soon"
    OVERDUE = "overdue"


async def list_for(
    session: AsyncSession,
    *,
    principal: Principal,
    stage: str | None,
    due: Due,
    today: date,
    soon_until: date,
    limit: int,
    cursor: str | None,
) -> tuple[list[ProcessRead], str | None]:
    query = select(ProcessInstance).where(ProcessInstance.agency_code.in_(sorted(principal.agencies)))
    if stage:
        query = query.where(ProcessInstance.stage == stage)
    if due is Due.OVERDUE:
        query = query.where(ProcessInstance.due_date < today, is_processing())
    elif due is Due.SOON:
        query = query.where(
            ProcessInstance.due_date >= today,
            ProcessInstance.due_date <= soon_until,
            ProcessInstance.stage == "processing",
        )
    if cursor:
        (after,) = decode_cursor(cursor, 1)
        query = query.where(ProcessInstance.id < uuid.UUID(after))
    rows = list((await session.scalars(query.order_by(ProcessInstance.id.desc()).limit(limit + 1))).all())
    items = [ProcessRead.model_validate(r) for r in rows[:limit]]
    next_cursor = encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None
    return items, next_cursor


async def detail(session: AsyncSession, instance: ProcessInstance) -> ProcessDetail:
    stages = await stages_of(session, instance.id)
    tasks = await session.scalars(
        select(Task)
        .where(Task.instance_id == instance.id, Task.status.in_((OPEN, SUSPENDED)))
        .order_by(Task.due_date, Task.id)
    )
    return ProcessDetail(
        **ProcessRead.model_validate(instance).model_dump(),
        stages=[StageRead.model_validate(s) for s in stages],
        open_tasks=[task_read(t, instance) for t in tasks],
    )
