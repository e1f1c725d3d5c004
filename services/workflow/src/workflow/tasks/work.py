"""Officers' work on a step (R-PROC-2…4): assignment, appraisal, in-person verification, consultation
and its answer, and the supplement request after appraisal (R-PROC-3)."""

from __future__ import annotations

from sqlalchemy import select

from contracts.events import ProcessAction, SupplementItem
from contracts.lifecycle import NationalStatus
from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.i18n import Text
from workflow.deadlines import rules as deadlines
from workflow.definitions.content import StepKind
from workflow.directory import service as directory
from workflow.documents import service as documents
from workflow.processes import engine, events
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance, Stage
from workflow.roles import AGENCY_LEADER, SPECIALIST, UNIT_HEAD
from workflow.tasks.access import ensure_actor
from workflow.tasks.errors import (
    AssigneeNotEligible,
    ConsultationDeadlineInvalid,
    ConsultationTargetInvalid,
    SupplementAlreadyRequested,
    SupplementWindowClosed,
    UnitHeadRequired,
)
from workflow.tasks.models import CONSULTATION_REQUEST, OPEN, SUSPENDED, Consultation, Task, Verification
from workflow.tasks.recording import (
    WORKING_KINDS,
    ensure_kind,
    name_of,
    record,
    touch,
)
from workflow.tasks.schemas import (
    AnswerWrite,
    AppraisalWrite,
    AssignmentWrite,
    ConsultationWrite,
    SupplementWrite,
    VerificationWrite,
)

# --- assignment ------------------------------------------------------------------------------------


async def assign(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: AssignmentWrite
) -> None:
    """R-PROC-2: the unit head gives the task to an officer of the unit who holds the step's role."""
    if not (principal.has_role(UNIT_HEAD, AGENCY_LEADER) and principal.serves_agency(task.agency_code)):
        raise UnitHeadRequired(agency_code=task.agency_code)
    officer = await directory.officer(ctx.session, data.assignee_subject)
    roles = {SPECIALIST, UNIT_HEAD} if task.kind == CONSULTATION_REQUEST else {task.role}
    eligible = officer is not None and officer.active and task.agency_code in officer.agencies
    if officer is None or not eligible or not roles & set(officer.roles):
        subject, role, unit = data.assignee_subject, task.role, task.agency_code
        message = NOT_ELIGIBLE.render(None, subject=subject, role=role, agency_code=unit)
        raise AssigneeNotEligible(
            NOT_ELIGIBLE,
            errors=[FieldError("assignee_subject", "not_eligible", message)],
            subject=subject,
            role=role,
            agency_code=unit,
        )
    previous = task.assignee_name or task.assignee_subject
    task.assignee_subject = officer.subject
    task.assignee_name = officer.name
    task.assigned_at = ctx.now
    task.assigned_by = principal.subject
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.ASSIGNED,
        comment=data.comment,
        receiver=officer.name or officer.subject,
        data={
            "giver_unit": task.agency_code,
            "receiver_unit": task.agency_code,
            **({"previous_assignee": previous} if previous else {}),
        },
    )


# --- appraisal, verification, consultation ---------------------------------------------------------


async def appraise(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: AppraisalWrite
) -> None:
    ensure_kind(task, *WORKING_KINDS)
    ensure_actor(task, principal)
    await documents.ensure_of_instance(ctx.session, instance, data.attachment_ids)
    task.note = data.findings
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.APPRAISED,
        comment=data.findings,
        attachments=data.attachment_ids,
    )


async def verify(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: VerificationWrite
) -> None:
    """R-PROC-2: an in-person verification with its time, place, participants and content."""
    ensure_kind(task, StepKind.APPRAISAL.value, StepKind.VERIFICATION.value)
    ensure_actor(task, principal)
    await documents.ensure_of_instance(ctx.session, instance, data.attachment_ids)
    ctx.session.add(
        Verification(
            instance_id=instance.id,
            task_id=task.id,
            held_at=data.held_at,
            place=data.place,
            participants=list(data.participants),
            content=data.content,
            attachment_ids=[str(a) for a in data.attachment_ids],
            recorded_by=principal.subject,
            recorded_by_name=principal.name,
            recorded_at=ctx.now,
        )
    )
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.VERIFIED,
        comment=data.content,
        attachments=data.attachment_ids,
        data={
            "held_at": data.held_at.isoformat(),
            "place": data.place,
            "participants": list(data.participants),
        },
    )


async def request_consultation(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: ConsultationWrite
) -> Consultation:
    """R-PROC-4: ask another unit or agency, with the content and a deadline; it answers in its own task."""
    ensure_kind(task, *WORKING_KINDS)
    ensure_actor(task, principal)
    if data.agency_code == task.agency_code or not (
        await directory.agencies(ctx.session, [data.agency_code])
    ):
        raise ConsultationTargetInvalid(
            errors=[
                FieldError(
                    "agency_code", "invalid_target", _TARGET.render(None, agency_code=data.agency_code)
                )
            ]
        )
    calendar = await ctx.calendar(data.agency_code)
    if data.due_date <= ctx.today or not calendar.is_working_day(data.due_date):
        raise ConsultationDeadlineInvalid(
            errors=[FieldError("due_date", "not_a_future_working_day", _DEADLINE.render())]
        )
    await documents.ensure_of_instance(ctx.session, instance, data.attachment_ids)
    asked = Task(
        instance_id=instance.id,
        stage_id=task.stage_id,
        step_index=-1,
        step_code="y_kien",
        kind=CONSULTATION_REQUEST,
        title=f"Cho ý kiến: {task.title}",
        agency_code=data.agency_code,
        role=SPECIALIST,
        status=OPEN,
        handed_over_by=principal.subject,
        handed_over_by_name=name_of(principal),
        created_at=ctx.now,
        offset_days=0,
        due_date=data.due_date,
    )
    ctx.session.add(asked)
    await ctx.session.flush()
    consultation = Consultation(
        instance_id=instance.id,
        from_task_id=task.id,
        task_id=asked.id,
        from_agency_code=task.agency_code,
        to_agency_code=data.agency_code,
        content=data.content,
        due_date=data.due_date,
        requested_by=principal.subject,
        requested_by_name=principal.name,
        requested_at=ctx.now,
        attachment_ids=[str(a) for a in data.attachment_ids],
    )
    ctx.session.add(consultation)
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.CONSULTATION_REQUESTED,
        comment=data.content,
        attachments=data.attachment_ids,
        receiver=data.agency_code,
        data={
            "due_date": data.due_date.isoformat(),
            "consultation_task_id": str(asked.id),
            "giver_unit": task.agency_code,
            "receiver_unit": data.agency_code,
        },
    )
    return consultation


NOT_ELIGIBLE = Text(
    "Cán bộ {subject} không phải {role} của đơn vị {agency_code} đã dùng hệ thống.",
    "Officer {subject} is not a known {role} of unit {agency_code}.",
)
_TARGET = Text(
    "Đơn vị {agency_code} không có trong danh mục hoặc là chính đơn vị đang xử lý.",
    "Unit {agency_code} is unknown or is the unit processing the step.",
)
_DEADLINE = Text(
    "Thời hạn phải là một ngày làm việc sau hôm nay.", "The deadline must be a working day after today."
)


async def answer(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: AnswerWrite
) -> None:
    ensure_kind(task, CONSULTATION_REQUEST)
    ensure_actor(task, principal)
    await documents.ensure_of_instance(ctx.session, instance, data.attachment_ids)
    consultation = await ctx.session.scalar(
        select(Consultation).where(Consultation.task_id == task.id).with_for_update()
    )
    assert consultation is not None
    consultation.status = "answered"
    consultation.answer = data.answer
    consultation.answered_by = principal.subject
    consultation.answered_by_name = principal.name
    consultation.answered_at = ctx.now
    late = ctx.today > consultation.due_date
    engine.finish(task, actor=principal, at=ctx.now, outcome="answered_late" if late else "answered")
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.CONSULTATION_ANSWERED,
        comment=data.answer,
        attachments=data.attachment_ids,
        receiver=consultation.requested_by_name or consultation.requested_by,
        data={
            "late": late,
            "due_date": consultation.due_date.isoformat(),
            "giver_unit": task.agency_code,
            "receiver_unit": consultation.from_agency_code,
            "giver_due_date": consultation.due_date.isoformat(),
            "giver_verdict": deadlines.verdict(ctx.today, consultation.due_date).value,
        },
    )


# --- supplement after appraisal (R-PROC-3) ---------------------------------------------------------


async def request_supplement(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: SupplementWrite
) -> None:
    ensure_kind(task, StepKind.APPRAISAL.value)
    ensure_actor(task, principal)
    if instance.supplement_requested_at is not None:
        raise SupplementAlreadyRequested()
    calendar = await ctx.calendar(instance.agency_code)
    assert instance.clock_started_on is not None
    if not deadlines.supplement_window_open(
        calendar, clock_started_on=instance.clock_started_on, today=ctx.today
    ):
        raise SupplementWindowClosed()
    items = [SupplementItem(**item.model_dump()) for item in data.items]
    instance.stage = Stage.SUPPLEMENT_REQUESTED
    instance.supplement_requested_at = ctx.now
    instance.supplement_items = [item.model_dump() for item in data.items]
    task.status = SUSPENDED
    touch(ctx, task)
    await ctx.session.flush()
    await engine.suspend(ctx.session, instance)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.APPRAISED,
        comment=data.comment,
        data={"supplement_requested": [item.name for item in data.items]},
        national_status=NationalStatus.SUPPLEMENT_REQUESTED,
    )
    await events.supplement_requested(
        ctx.session, ctx.outbox, instance, at=ctx.now, items=items, requested_by=principal.subject
    )
