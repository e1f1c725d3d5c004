"""Loading tasks and instances for the caller: object-level authorization (404 outside one's agencies),
row locks in one order (instance, then task) and the ETag check, before any action runs."""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.http import check_if_match
from workflow.locking import locked
from workflow.processes.models import ProcessInstance, ProcessStage, Stage
from workflow.roles import SPECIALIST, UNIT_HEAD
from workflow.tasks.errors import (
    NotAssignee,
    ProcessNotFound,
    ProcessNotProcessing,
    RoleRequired,
    TaskNotAssigned,
    TaskNotFound,
    TaskNotOpen,
)
from workflow.tasks.models import CONSULTATION_REQUEST, OPEN, Task

#: Steps a specialist must be given by the unit head before acting (R-PROC-2).
ASSIGNED_KINDS = frozenset({"appraisal", "verification", "consultation", "result"})


async def participants(session: AsyncSession, instance: ProcessInstance) -> set[str]:
    """Agencies and units that take part in the instance: the receiving agency, every stage's agency
    and every unit a task (consultations included) went to."""
    stages = await session.scalars(
        select(ProcessStage.agency_code).where(ProcessStage.instance_id == instance.id)
    )
    units = await session.scalars(select(Task.agency_code).where(Task.instance_id == instance.id).distinct())
    return {instance.agency_code, *stages.all(), *units.all()}


async def readable_instance(
    session: AsyncSession, instance_id: uuid.UUID, principal: Principal
) -> ProcessInstance:
    instance = await session.get(ProcessInstance, instance_id)
    if instance is None or not principal.agencies & await participants(session, instance):
        raise ProcessNotFound()
    return instance


async def lock_instance(session: AsyncSession, instance_id: uuid.UUID) -> ProcessInstance:
    instance = await locked(session, ProcessInstance, instance_id)
    if instance is None:
        raise ProcessNotFound()
    return instance


async def readable_task(session: AsyncSession, task_id: uuid.UUID, principal: Principal) -> Task:
    task = await session.get(Task, task_id)
    if task is None:
        raise TaskNotFound()
    if principal.serves_agency(task.agency_code):
        return task
    instance = await session.get(ProcessInstance, task.instance_id)
    stage = await session.get(ProcessStage, task.stage_id)
    # The receiving desk and the stage's agency follow their dossier's steps (read only).
    if (
        instance is not None
        and stage is not None
        and principal.agencies & {instance.agency_code, stage.agency_code}
    ):
        return task
    raise TaskNotFound()


async def lock_for_action(
    session: AsyncSession,
    task_id: uuid.UUID,
    principal: Principal,
    request: Request,
    *,
    open_only: bool = True,
) -> tuple[ProcessInstance, Task]:
    """The task (in the caller's units) and its instance, locked, after the If-Match check."""
    found = (
        await session.execute(select(Task.agency_code, Task.instance_id).where(Task.id == task_id))
    ).first()
    if found is None or not principal.serves_agency(found.agency_code):
        raise TaskNotFound()
    instance = await lock_instance(session, found.instance_id)
    task = await locked(session, Task, task_id)
    assert task is not None
    check_if_match(request, task.version)
    if open_only:
        if task.status != OPEN:
            raise TaskNotOpen(status=task.status)
        if instance.stage != Stage.PROCESSING:
            raise ProcessNotProcessing(stage=instance.stage)
    return instance, task


def ensure_actor(task: Task, principal: Principal) -> None:
    """The assignee acts; an unassigned approval is for anyone of the unit with the step's role."""
    if task.assignee_subject is not None:
        if task.assignee_subject != principal.subject:
            raise NotAssignee()
        return
    if task.kind == CONSULTATION_REQUEST:
        if not principal.has_role(SPECIALIST, UNIT_HEAD):
            raise RoleRequired(role=SPECIALIST, agency_code=task.agency_code)
        return
    if task.kind in ASSIGNED_KINDS:
        raise TaskNotAssigned()
    if not principal.has_role(task.role):
        raise RoleRequired(role=task.role, agency_code=task.agency_code)
