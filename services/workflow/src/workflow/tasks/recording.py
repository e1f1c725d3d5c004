"""What every officer action shares: the step-kind check, the ETag bump, the history entry and its
``process.progressed`` event in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from contracts.events import ProcessAction
from contracts.lifecycle import NationalStatus
from servicekit.auth import Principal
from workflow.definitions.content import StepKind
from workflow.history import service as history
from workflow.processes import events
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance
from workflow.tasks.errors import (
    ConsultationsPending,
    WrongStepKind,
)
from workflow.tasks.models import Consultation, Task

WORKING_KINDS = frozenset(
    {StepKind.APPRAISAL.value, StepKind.VERIFICATION.value, StepKind.CONSULTATION.value}
)


def ensure_kind(task: Task, *allowed: str) -> None:
    if task.kind not in allowed:
        raise WrongStepKind(kind=task.kind)


def touch(ctx: Context, task: Task) -> None:
    task.last_action_at = ctx.now


def name_of(principal: Principal) -> str:
    return principal.name or principal.subject


async def record(
    ctx: Context,
    instance: ProcessInstance,
    task: Task,
    actor: Principal,
    action: ProcessAction,
    *,
    comment: str | None = None,
    attachments: list[Any] | None = None,
    receiver: str | None = None,
    data: dict[str, Any] | None = None,
    national_status: NationalStatus = NationalStatus.PROCESSING,
) -> None:
    await history.append(
        ctx.session,
        instance,
        action=action.value,
        at=ctx.now,
        actor=actor,
        task_id=task.id,
        step_title=task.title,
        handling_agency_code=task.agency_code,
        giver=name_of(actor),
        receiver=receiver,
        comment=comment,
        attachment_ids=attachments or [],
        data=data,
    )
    await events.progressed(
        ctx.session,
        ctx.outbox,
        instance,
        action=action,
        at=ctx.now,
        handling_agency_code=task.agency_code,
        actor=actor,
        step_title=task.title,
        content=comment,
        step_started_at=task.created_at,
        step_due_date=task.due_date,
        national_status=national_status,
    )


async def ensure_no_pending_consultations(ctx: Context, task: Task) -> None:
    count = await ctx.session.scalar(
        select(func.count())
        .select_from(Consultation)
        .where(
            Consultation.from_task_id == task.id,
            Consultation.status == "open",
            Consultation.due_date >= ctx.today,
        )
    )
    if count:
        raise ConsultationsPending(count=count)
