"""Reading tasks: officers' and units' inboxes (keyset-paginated by due date), one task in detail."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.http import decode_cursor, encode_cursor
from workflow.processes.models import ProcessInstance
from workflow.roles import AGENCY_LEADER, UNIT_HEAD
from workflow.tasks.models import Consultation, Task, Verification, is_open
from workflow.tasks.schemas import ConsultationRead, TaskDetail, TaskRead, VerificationRead


class Box(StrEnum):
    MINE = "mine"
    """Open tasks assigned to me."""
    UNIT = "unit"
    """Open tasks of my units nobody has been given yet (a unit head sees every role's)."""
    DONE = "done"
    """Tasks I completed, most recent first."""


class Due(StrEnum):
    ANY = "any"
    SOON = "soon"
    OVERDUE = "overdue"


_INSTANCE_COLUMNS = (
    ProcessInstance.dossier_id,
    ProcessInstance.dossier_code,
    ProcessInstance.procedure_code,
    ProcessInstance.procedure_name,
    ProcessInstance.applicant_name,
    ProcessInstance.due_date.label("process_due_date"),
)


def task_read(task: Task, instance: Any) -> TaskRead:
    return TaskRead(
        id=task.id,
        instance_id=task.instance_id,
        dossier_id=instance.dossier_id,
        dossier_code=instance.dossier_code,
        procedure_code=instance.procedure_code,
        procedure_name=instance.procedure_name,
        applicant_name=instance.applicant_name,
        kind=task.kind,
        title=task.title,
        agency_code=task.agency_code,
        role=task.role,
        assignee_subject=task.assignee_subject,
        assignee_name=task.assignee_name,
        status=task.status,
        handed_over_by_name=task.handed_over_by_name,
        created_at=task.created_at,
        due_date=task.due_date,
        process_due_date=getattr(instance, "process_due_date", None) or getattr(instance, "due_date", None),
        completed_at=task.completed_at,
        outcome=task.outcome,
        version=task.version,
    )


async def inbox(
    session: AsyncSession,
    *,
    principal: Principal,
    box: Box,
    due: Due,
    today: date,
    soon_until: date,
    limit: int,
    cursor: str | None,
) -> tuple[list[TaskRead], str | None]:
    query = select(Task, *_INSTANCE_COLUMNS).join(ProcessInstance, ProcessInstance.id == Task.instance_id)
    if box is Box.DONE:
        query = query.where(Task.completed_by == principal.subject)
        if cursor:
            at, after = decode_cursor(cursor, 2)
            query = query.where(
                tuple_(Task.completed_at, Task.id) < (datetime.fromisoformat(at), uuid.UUID(after))
            )
        query = query.order_by(Task.completed_at.desc(), Task.id.desc())
    else:
        if box is Box.MINE:
            query = query.where(Task.assignee_subject == principal.subject, is_open())
        else:
            units = sorted(principal.agencies)
            query = query.where(is_open(), Task.assignee_subject.is_(None), Task.agency_code.in_(units))
            if not principal.has_role(UNIT_HEAD, AGENCY_LEADER):
                query = query.where(Task.role.in_(sorted(principal.roles)))
        if due is Due.OVERDUE:
            query = query.where(Task.due_date < today)
        elif due is Due.SOON:
            query = query.where(Task.due_date >= today, Task.due_date <= soon_until)
        if cursor:
            day, after = decode_cursor(cursor, 2)
            query = query.where(tuple_(Task.due_date, Task.id) > (date.fromisoformat(day), uuid.UUID(after)))
        query = query.order_by(Task.due_date, Task.id)
    rows: list[Any] = list((await session.execute(query.limit(limit + 1))).all())
    items = [task_read(row[0], row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1][0]
        key = last.completed_at.isoformat() if box is Box.DONE else last.due_date.isoformat()
        next_cursor = encode_cursor([key, last.id])
    return items, next_cursor


async def detail(session: AsyncSession, task: Task) -> TaskDetail:
    instance = await session.get(ProcessInstance, task.instance_id)
    assert instance is not None
    asked = await session.scalars(
        select(Consultation).where(Consultation.from_task_id == task.id).order_by(Consultation.requested_at)
    )
    answering = await session.scalar(select(Consultation).where(Consultation.task_id == task.id))
    verifications = await session.scalars(
        select(Verification).where(Verification.task_id == task.id).order_by(Verification.recorded_at)
    )
    base = task_read(task, instance)
    return TaskDetail(
        **base.model_dump(),
        note=task.note,
        optional=task.optional,
        consultations=[ConsultationRead.model_validate(c) for c in asked],
        consultation=ConsultationRead.model_validate(answering) if answering else None,
        verifications=[VerificationRead.model_validate(v) for v in verifications],
    )
