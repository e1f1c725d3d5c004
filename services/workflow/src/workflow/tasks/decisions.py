"""Deciding on a step and on the dossier (R-PROC-2, R-PROC-6, R-PROC-7, R-RES-1): the proposal, the end
of verification and consultation steps, approval levels, the result and its hand-over to the desk."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from contracts.events import ProcessAction
from contracts.lifecycle import NationalStatus
from servicekit.auth import Principal
from workflow.deadlines import rules as deadlines
from workflow.definitions.content import Route, StepKind
from workflow.directory import service as directory
from workflow.documents import letters
from workflow.documents import service as documents
from workflow.documents.models import DocumentKind, ProcessDocument
from workflow.history import service as history
from workflow.processes import engine, events
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance, ProcessStage, Stage
from workflow.roles import AGENCY_LEADER
from workflow.tasks.access import ensure_actor
from workflow.tasks.errors import (
    ConsultationRequired,
    PartsPending,
    ProposalReasonsRequired,
    ProposalRequired,
    ResultRequired,
    ReturnCommentRequired,
    VerificationRequired,
)
from workflow.tasks.models import Consultation, Task, Verification
from workflow.tasks.recording import ensure_kind, ensure_no_pending_consultations, name_of, record, touch
from workflow.tasks.schemas import (
    ApprovalDecision,
    CompletionWrite,
    Decision,
    DecisionWrite,
    HandoverWrite,
    ProposalWrite,
    ResultWrite,
)

# --- proposal, steps, approval ---------------------------------------------------------------------


async def propose(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: ProposalWrite
) -> None:
    """The appraiser proposes to approve or to refuse (with reasons, R-PROC-7); the step is done."""
    ensure_kind(task, StepKind.APPRAISAL.value)
    ensure_actor(task, principal)
    if data.decision is Decision.REFUSE and not data.reasons:
        raise ProposalReasonsRequired()
    await ensure_no_pending_consultations(ctx, task)
    await documents.ensure_of_instance(ctx.session, instance, data.attachment_ids)
    proposal = {
        "decision": data.decision.value,
        "summary": data.summary,
        "reasons": list(data.reasons),
        "proposed_by": principal.subject,
        "proposed_by_name": name_of(principal),
        "proposed_at": ctx.now.isoformat(),
        "attachment_ids": [str(a) for a in data.attachment_ids],
    }
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    if stage.deciding:
        instance.proposal = proposal
    else:
        stage.opinion = proposal
    engine.finish(task, actor=principal, at=ctx.now, outcome=f"proposed_{data.decision.value}")
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.PROPOSED,
        comment=data.summary,
        attachments=data.attachment_ids,
        data={"decision": data.decision.value, "reasons": list(data.reasons)},
    )
    await engine.advance(ctx, instance, task, actor=principal)


async def complete(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: CompletionWrite
) -> None:
    """A verification or consultation step is done (or skipped when the definition allows it)."""
    ensure_kind(task, StepKind.VERIFICATION.value, StepKind.CONSULTATION.value)
    ensure_actor(task, principal)
    skipped = False
    if task.kind == StepKind.VERIFICATION.value:
        count = await ctx.session.scalar(
            select(func.count()).select_from(Verification).where(Verification.task_id == task.id)
        )
        if not count and not task.optional:
            raise VerificationRequired()
        skipped = not count
    else:
        count = await ctx.session.scalar(
            select(func.count()).select_from(Consultation).where(Consultation.from_task_id == task.id)
        )
        if not count and not task.optional:
            raise ConsultationRequired()
        skipped = not count
        await ensure_no_pending_consultations(ctx, task)
    engine.finish(task, actor=principal, at=ctx.now, outcome="skipped" if skipped else "completed")
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.STEP_COMPLETED,
        comment=data.comment,
        data={"skipped": skipped},
    )
    await engine.advance(ctx, instance, task, actor=principal)


async def decide(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: DecisionWrite
) -> None:
    """One approval level: approve (the next level, the next agency or the result) or send back."""
    ensure_kind(task, StepKind.APPROVAL.value)
    ensure_actor(task, principal)
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    plan = engine.plan_of(instance)
    if data.decision is ApprovalDecision.RETURN:
        if not data.comment:
            raise ReturnCommentRequired()
        engine.finish(task, actor=principal, at=ctx.now, outcome="returned")
        touch(ctx, task)
        await record(ctx, instance, task, principal, ProcessAction.SENT_BACK, comment=data.comment)
        await engine.send_back(ctx, instance, task, actor=principal, comment=data.comment)
        return
    if stage.deciding:
        if instance.proposal is None:
            raise ProposalRequired()
        steps = plan.stages[stage.position].steps
        last_approval = max(i for i, s in enumerate(steps) if s.kind is StepKind.APPROVAL)
        if plan.route is Route.PARALLEL and task.step_index == last_approval:
            pending = await engine.pending_parts(ctx.session, instance)
            if pending:
                raise PartsPending(agencies=", ".join(s.agency_code for s in pending))
        if task.step_index == last_approval:
            instance.decided_by = principal.subject
    engine.finish(task, actor=principal, at=ctx.now, outcome="approved")
    touch(ctx, task)
    await record(ctx, instance, task, principal, ProcessAction.APPROVED, comment=data.comment)
    await engine.advance(ctx, instance, task, actor=principal)


# --- result and hand-over (R-PROC-6, R-PROC-7, R-RES-1) ---------------------------------------------


async def _refusal_letter(
    ctx: Context, instance: ProcessInstance, task: Task, *, decided_by: str
) -> ProcessDocument:
    """R-PROC-7: the refusal letter with every reason, signed by whoever approved the refusal."""
    assert instance.proposal is not None
    decider = await directory.officer(ctx.session, decided_by)
    signer = letters.signer_named(
        (decider.name if decider else None) or decided_by, decider.roles if decider else [AGENCY_LEADER]
    )
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    content = await letters.refusal(
        ctx.session,
        instance,
        reasons=instance.proposal["reasons"],
        at=ctx.now,
        by=signer,
        agency=stage.agency_code,
    )
    return await documents.store(
        ctx.session,
        instance,
        kind=DocumentKind.REFUSAL_LETTER,
        filename=f"phieu-tu-choi-{instance.dossier_code}.pdf",
        media_type="application/pdf",
        content=content,
        created_by=decided_by,
        for_applicant=True,
    )


async def record_result(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: ResultWrite
) -> None:
    ensure_kind(task, StepKind.RESULT.value)
    ensure_actor(task, principal)
    if instance.proposal is None:
        raise ProposalRequired()
    refusing = instance.proposal["decision"] == Decision.REFUSE.value
    docs = await documents.ensure_of_instance(ctx.session, instance, data.document_ids, field="document_ids")
    for document in docs:
        document.kind = DocumentKind.REFUSAL_LETTER if refusing else DocumentKind.RESULT
        document.for_applicant = True
    instance.result = {
        "decision": instance.proposal["decision"],
        "title": data.title,
        "number": data.number,
        "signed_on": data.signed_on.isoformat() if data.signed_on else None,
        "signer": data.signer,
        "document_ids": [str(d) for d in data.document_ids],
        "recorded_by": principal.subject,
        "recorded_at": ctx.now.isoformat(),
    }
    touch(ctx, task)
    await record(
        ctx,
        instance,
        task,
        principal,
        ProcessAction.RESULT_RECORDED,
        comment=data.title,
        attachments=data.document_ids,
        data={"number": data.number, "decision": instance.proposal["decision"]},
    )


async def hand_over(
    ctx: Context, instance: ProcessInstance, task: Task, principal: Principal, data: HandoverWrite
) -> None:
    """The result goes back to the desk that received the dossier; the on-time verdict is computed here."""
    ensure_kind(task, StepKind.RESULT.value)
    ensure_actor(task, principal)
    if instance.result is None or instance.proposal is None:
        raise ResultRequired()
    assert instance.due_date is not None
    verdict = deadlines.verdict(ctx.today, instance.due_date)
    refusing = instance.proposal["decision"] == Decision.REFUSE.value
    engine.finish(task, actor=principal, at=ctx.now, outcome="handed_over")
    touch(ctx, task)
    stage = await ctx.session.get(ProcessStage, task.stage_id)
    assert stage is not None
    stage.status = "done"
    stage.completed_at = ctx.now
    instance.on_time = verdict is not deadlines.Verdict.LATE
    instance.stage = Stage.REFUSED if refusing else Stage.RESOLVED
    if refusing:
        instance.closed_at = ctx.now
    desk = f"Bộ phận Một cửa {instance.agency_code}"
    await history.append(
        ctx.session,
        instance,
        action=ProcessAction.HANDED_OVER.value,
        at=ctx.now,
        actor=principal,
        task_id=task.id,
        step_title=task.title,
        handling_agency_code=instance.agency_code,
        giver=name_of(principal),
        receiver=desk,
        comment=data.comment,
        data={
            "verdict": verdict.value,
            "due_date": instance.due_date.isoformat(),
            "giver_unit": task.agency_code,
            "receiver_unit": instance.agency_code,
            "giver_due_date": task.due_date.isoformat(),
            "giver_verdict": deadlines.verdict(ctx.today, task.due_date).value,
        },
    )
    await events.progressed(
        ctx.session,
        ctx.outbox,
        instance,
        action=ProcessAction.HANDED_OVER,
        at=ctx.now,
        handling_agency_code=instance.agency_code,
        actor=principal,
        step_title=task.title,
        content=data.comment,
        national_status=NationalStatus.STOPPED if refusing else NationalStatus.RESOLVED,
    )
    decided_by = instance.decided_by or principal.subject
    document_ids = [uuid.UUID(d) for d in instance.result["document_ids"]]
    if refusing:
        letter = await _refusal_letter(ctx, instance, task, decided_by=decided_by)
        await events.refused(
            ctx.session,
            ctx.outbox,
            instance,
            at=ctx.now,
            reasons=instance.proposal["reasons"],
            decided_by=decided_by,
            letter_document_id=letter.id,
        )
    else:
        await events.resolved(
            ctx.session,
            ctx.outbox,
            instance,
            at=ctx.now,
            decided_by=decided_by,
            result_document_ids=document_ids,
            on_time=instance.on_time,
        )
