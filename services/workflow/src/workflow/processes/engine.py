"""Moving an instance along its plan: opening stages, handing each step to its unit, advancing after a
step, sending back, pausing and resuming the clock. Every hand-over is recorded in the history and
published as ``process.progressed`` (the control sheet and the national sync read them)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import ProcessAction
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.outbox import Outbox
from workflow.deadlines import rules as deadlines
from workflow.definitions.content import DefinitionContent, Route, StageSpec, StepKind, StepSpec
from workflow.directory import service as directory
from workflow.history import service as history
from workflow.processes import events
from workflow.processes.models import ProcessInstance, ProcessStage
from workflow.roles import StepRole
from workflow.tasks.models import CANCELLED, DONE, OPEN, SUSPENDED, Task

#: Kinds of steps one specialist carries through: the next one stays with them.
SPECIALIST_KINDS = frozenset(
    {StepKind.APPRAISAL, StepKind.VERIFICATION, StepKind.CONSULTATION, StepKind.RESULT}
)
ROLE_LABELS = {
    StepRole.SPECIALIST: "chuyên viên",
    StepRole.UNIT_HEAD: "lãnh đạo đơn vị",
    StepRole.AGENCY_LEADER: "lãnh đạo cơ quan",
}
#: When the working day starts: a dossier transferred after the cut-off arrives then (R-PROC-1).
WORKDAY_START = time(7, 30)


@dataclass
class Context:
    """One unit of work on instances: its session, outbox, the moment it happens, cached calendars."""

    session: AsyncSession
    outbox: Outbox
    now: datetime
    _calendars: dict[str, WorkingCalendar] = field(default_factory=dict)

    async def calendar(self, agency_code: str) -> WorkingCalendar:
        if agency_code not in self._calendars:
            self._calendars[agency_code] = await directory.calendar_for(self.session, agency_code)
        return self._calendars[agency_code]

    @property
    def today(self) -> date:
        return self.now.astimezone(VN_TZ).date()


def plan_of(instance: ProcessInstance) -> DefinitionContent:
    assert instance.plan is not None, "instance has no plan yet"
    return DefinitionContent.model_validate(instance.plan)


def default_plan(agency_code: str, legal_days: float, procedure_name: str | None) -> DefinitionContent:
    """The plan of a procedure without a definition in force: one agency, appraisal, the leader's
    approval, the result — within the legal limit."""
    tail = 0.5 if legal_days >= 1 else 0.0
    appraisal = legal_days - 2 * tail if legal_days >= 1 else 0.0
    steps = [
        StepSpec(
            code="tham_dinh",
            kind=StepKind.APPRAISAL,
            title="Thẩm định hồ sơ",
            role=StepRole.SPECIALIST,
            working_days=appraisal,
        ),
        StepSpec(
            code="phe_duyet",
            kind=StepKind.APPROVAL,
            title="Lãnh đạo cơ quan phê duyệt",
            role=StepRole.AGENCY_LEADER,
            working_days=tail,
        ),
        StepSpec(
            code="tra_ket_qua",
            kind=StepKind.RESULT,
            title="Ban hành kết quả, chuyển Bộ phận Một cửa",
            role=StepRole.SPECIALIST,
            working_days=tail if legal_days >= 1 else legal_days,
        ),
    ]
    return DefinitionContent(
        name=procedure_name or "Quy trình mặc định",
        route=Route.SINGLE,
        legal_limit_days=legal_days,
        stages=[StageSpec(agency_code=agency_code, limit_days=legal_days, steps=steps)],
    )


def offsets(stage: StageSpec) -> list[float]:
    """Cumulative budget of each step within its stage."""
    return list(itertools.accumulate(step.working_days for step in stage.steps))


def transfer_moment(at: datetime, start: date) -> datetime:
    """When the unit really has the dossier: now, or the start of the next working day (R-PROC-1)."""
    if at.astimezone(VN_TZ).date() >= start:
        return at
    return datetime.combine(start, WORKDAY_START, tzinfo=VN_TZ)


async def stages_of(session: AsyncSession, instance_id: object) -> list[ProcessStage]:
    rows = await session.scalars(
        select(ProcessStage).where(ProcessStage.instance_id == instance_id).order_by(ProcessStage.position)
    )
    return list(rows.all())


def giver_label(actor: Principal | None) -> str:
    if actor is None:
        return "Bộ phận Một cửa"
    return actor.name or actor.subject


def receiver_label(task: Task) -> str:
    if task.assignee_name or task.assignee_subject:
        return f"{task.assignee_name or task.assignee_subject} ({task.agency_code})"
    return f"{task.agency_code} ({ROLE_LABELS.get(StepRole(task.role), task.role)})"


async def open_stage(
    ctx: Context,
    instance: ProcessInstance,
    stage: ProcessStage,
    *,
    start: date,
    giver: Principal | None,
    previous: Task | None = None,
) -> Task:
    calendar = await ctx.calendar(stage.agency_code)
    stage.status = "active"
    stage.started_on = start
    stage.started_at = transfer_moment(ctx.now, start)
    stage.due_date = deadlines.due_after(calendar, start, stage.limit_days)
    return await hand_to_step(ctx, instance, stage, 0, giver=giver, previous=previous)


async def hand_to_step(
    ctx: Context,
    instance: ProcessInstance,
    stage: ProcessStage,
    step_index: int,
    *,
    giver: Principal | None,
    assignee: tuple[str, str | None] | None = None,
    comment: str | None = None,
    previous: Task | None = None,
) -> Task:
    """Create the task of one step and record the hand-over (giver → unit or officer); ``previous`` is
    the step whose completion hands the dossier over, judged against its own due date."""
    spec = plan_of(instance).stages[stage.position]
    step = spec.steps[step_index]
    assert stage.started_on is not None
    calendar = await ctx.calendar(stage.agency_code)
    offset = offsets(spec)[step_index]
    moment = max(ctx.now, stage.started_at) if stage.started_at else ctx.now
    task = Task(
        instance_id=instance.id,
        stage_id=stage.id,
        step_index=step_index,
        step_code=step.code,
        kind=step.kind.value,
        title=step.title,
        optional=step.optional,
        agency_code=step.unit_code or stage.agency_code,
        role=step.role.value,
        status=OPEN,
        handed_over_by=giver.subject if giver else None,
        handed_over_by_name=giver_label(giver),
        created_at=moment,
        offset_days=offset,
        due_date=deadlines.due_after(calendar, stage.started_on, offset),
    )
    if assignee is not None:
        task.assignee_subject, task.assignee_name = assignee
        task.assigned_at = ctx.now
        task.assigned_by = giver.subject if giver else None
    ctx.session.add(task)
    await ctx.session.flush()
    await history.append(
        ctx.session,
        instance,
        action=ProcessAction.TRANSFERRED.value,
        at=moment,
        actor=giver,
        task_id=task.id,
        step_title=task.title,
        handling_agency_code=task.agency_code,
        giver=giver_label(giver),
        receiver=receiver_label(task),
        comment=comment,
        data={
            "due_date": task.due_date.isoformat(),
            "stage": stage.position,
            "giver_unit": previous.agency_code if previous else instance.agency_code,
            "receiver_unit": task.agency_code,
            "receiver_role": task.role,
            **(
                {"receiver_officer": task.assignee_name or task.assignee_subject}
                if task.assignee_subject
                else {}
            ),
            **judged(previous),
        },
    )
    await events.progressed(
        ctx.session,
        ctx.outbox,
        instance,
        action=ProcessAction.TRANSFERRED,
        at=ctx.now,
        handling_agency_code=task.agency_code,
        actor=giver,
        step_title=task.title,
        content=comment,
        step_started_at=moment,
        step_due_date=task.due_date,
    )
    return task


def judged(task: Task | None) -> dict[str, str]:
    """The giving step's due date and how it finished against it (the control sheet's verdict)."""
    if task is None or task.completed_at is None or task.step_index < 0:
        return {}
    done_on = task.completed_at.astimezone(VN_TZ).date()
    return {
        "giver_due_date": task.due_date.isoformat(),
        "giver_verdict": deadlines.verdict(done_on, task.due_date).value,
    }


def finish(task: Task, *, actor: Principal, at: datetime, outcome: str) -> None:
    task.status = DONE
    task.completed_at = at
    task.completed_by = actor.subject
    task.completed_by_name = actor.name or actor.subject
    task.outcome = outcome


async def advance(ctx: Context, instance: ProcessInstance, task: Task, *, actor: Principal) -> Task | None:
    """After ``task``'s step is done: the next step of the stage, the next agency, or the part returned."""
    plan = plan_of(instance)
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    spec = plan.stages[stage.position]
    following = task.step_index + 1
    if following < len(spec.steps):
        step = spec.steps[following]
        assignee = None
        if step.kind in SPECIALIST_KINDS:
            assignee = await _carried_assignee(
                ctx, stage, unit=step.unit_code or stage.agency_code, role=step.role
            )
        return await hand_to_step(
            ctx, instance, stage, following, giver=actor, assignee=assignee, previous=task
        )
    stage.status = "done"
    stage.completed_at = ctx.now
    if stage.deciding:
        return None
    if plan.route in (Route.SEQUENTIAL, Route.CROSS_LEVEL):
        stages = await stages_of(ctx.session, instance.id)
        nxt = stages[stage.position + 1]
        calendar = await ctx.calendar(nxt.agency_code)
        # A hand-over after 15:00 reaches the next agency the next working day (R-PROC-1).
        return await open_stage(
            ctx, instance, nxt, start=deadlines.clock_start(calendar, ctx.now), giver=actor
        )
    await history.append(
        ctx.session,
        instance,
        action=ProcessAction.PART_RETURNED.value,
        at=ctx.now,
        actor=actor,
        step_title=spec.task or spec.steps[-1].title,
        handling_agency_code=stage.agency_code,
        giver=giver_label(actor),
        receiver=_lead_agency(plan),
        data={
            "giver_unit": stage.agency_code,
            "receiver_unit": _lead_agency(plan),
            **_stage_verdict(stage, ctx.today),
        },
    )
    await events.progressed(
        ctx.session,
        ctx.outbox,
        instance,
        action=ProcessAction.PART_RETURNED,
        at=ctx.now,
        handling_agency_code=stage.agency_code,
        actor=actor,
        step_title=spec.task,
    )
    return None


async def _carried_assignee(
    ctx: Context, stage: ProcessStage, *, unit: str, role: StepRole
) -> tuple[str, str | None] | None:
    """The specialist who worked on the dossier in this unit keeps it for the next specialist step."""
    previous = await ctx.session.scalar(
        select(Task)
        .where(
            Task.stage_id == stage.id,
            Task.agency_code == unit,
            Task.role == role.value,
            Task.kind.in_([k.value for k in SPECIALIST_KINDS]),
            Task.assignee_subject.is_not(None),
        )
        .order_by(Task.created_at.desc(), Task.id.desc())
        .limit(1)
    )
    if previous is None or previous.assignee_subject is None:
        return None
    return previous.assignee_subject, previous.assignee_name


def _stage_verdict(stage: ProcessStage, today: date) -> dict[str, str]:
    if stage.due_date is None:
        return {}
    return {
        "giver_due_date": stage.due_date.isoformat(),
        "giver_verdict": deadlines.verdict(today, stage.due_date).value,
    }


def _lead_agency(plan: DefinitionContent) -> str:
    return plan.stages[plan.decisive_index()].agency_code


async def send_back(
    ctx: Context, instance: ProcessInstance, task: Task, *, actor: Principal, comment: str
) -> Task:
    """An approver returns the dossier to the appraisal it came from, to the same officer."""
    plan = plan_of(instance)
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    steps = plan.stages[stage.position].steps
    target = max(i for i in range(task.step_index) if steps[i].kind is StepKind.APPRAISAL)
    previous = await ctx.session.scalar(
        select(Task)
        .where(Task.stage_id == stage.id, Task.step_index == target, Task.status == DONE)
        .order_by(Task.completed_at.desc())
        .limit(1)
    )
    assignee = (
        (previous.assignee_subject, previous.assignee_name)
        if previous is not None and previous.assignee_subject
        else None
    )
    return await hand_to_step(
        ctx, instance, stage, target, giver=actor, assignee=assignee, comment=comment, previous=task
    )


async def pending_parts(session: AsyncSession, instance: ProcessInstance) -> list[ProcessStage]:
    """Participating agencies whose part is not in yet (R-PROC-5)."""
    return [s for s in await stages_of(session, instance.id) if not s.deciding and s.status != "done"]


async def suspend(session: AsyncSession, instance: ProcessInstance) -> None:
    await session.execute(
        update(Task)
        .where(Task.instance_id == instance.id, Task.status == OPEN)
        .values(status=SUSPENDED, version=Task.version + 1)
        .execution_options(synchronize_session=False)
    )


async def resume(ctx: Context, instance: ProcessInstance, *, start: date) -> None:
    """R-PROC-3: the time limit restarts from zero; active stages and their open steps count again."""
    for stage in await stages_of(ctx.session, instance.id):
        if stage.status != "active":
            continue
        calendar = await ctx.calendar(stage.agency_code)
        stage.started_on = start
        stage.due_date = deadlines.due_after(calendar, start, stage.limit_days)
        tasks = await ctx.session.scalars(
            select(Task).where(Task.stage_id == stage.id, Task.status == SUSPENDED).with_for_update()
        )
        for task in tasks:
            task.status = OPEN
            if task.step_index >= 0:
                task.due_date = deadlines.due_after(calendar, start, task.offset_days)


async def cancel_open(session: AsyncSession, instance: ProcessInstance) -> None:
    await session.execute(
        update(Task)
        .where(Task.instance_id == instance.id, Task.status.in_((OPEN, SUSPENDED)))
        .values(status=CANCELLED, version=Task.version + 1)
        .execution_options(synchronize_session=False)
    )
