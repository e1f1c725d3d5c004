"""What workflow does when other services' events arrive (each handler idempotent by construction).

- ``dossier.submitted`` is remembered (who filed it, for the letters), nothing more;
- ``dossier.received`` creates and starts the instance: the plan (the definition in force, or the
  built-in one), the time limit from the day the agency has the dossier (R-PROC-1), the first steps —
  or it waits for
  ``payment.succeeded`` when fees are due before processing (R-PAY-3);
- ``dossier.supplemented`` (after an appraisal request) restarts the time limit from zero (R-PROC-3);
- ``dossier.withdrawn``, a desk refusal and ``dossier.returned`` close it.

A replayed or duplicated event finds the instance past the point it would move it from and changes
nothing: there is one instance per dossier (unique index) and every move checks the stage first.
"""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    DossierReceived,
    DossierRefused,
    DossierReturned,
    DossierSubmitted,
    DossierSupplemented,
    DossierWithdrawn,
    PaymentDue,
    PaymentSucceeded,
    PaymentWaived,
)
from contracts.lifecycle import DossierStatus
from servicekit.db import uuid7
from servicekit.outbox import Outbox
from workflow.deadlines import rules as deadlines
from workflow.definitions import service as definitions
from workflow.directory import service as directory
from workflow.history import service as history
from workflow.processes import engine, events
from workflow.processes.engine import Context
from workflow.processes.models import DossierBrief, PaymentSignal, ProcessInstance, ProcessStage, Stage

log = structlog.get_logger("workflow.flows")


async def _locked(session: AsyncSession, dossier_id: object) -> ProcessInstance | None:
    return await session.scalar(
        select(ProcessInstance)
        .where(ProcessInstance.dossier_id == dossier_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def open_instance(
    session: AsyncSession,
    outbox: Outbox,
    payload: DossierReceived,
) -> ProcessInstance | None:
    """Create the dossier's instance once, from its reception; None if it already exists."""
    brief = await session.get(DossierBrief, payload.dossier_id)
    inserted = await session.execute(
        pg_insert(ProcessInstance)
        .values(
            id=uuid7(),
            dossier_id=payload.dossier_id,
            dossier_code=payload.dossier_code,
            procedure_code=payload.procedure_code,
            agency_code=payload.agency_code,
            applicant_subject=payload.applicant_subject,
            applicant_name=brief.applicant_name if brief else None,
            applicant_kind=brief.applicant_kind if brief else None,
            channel=payload.channel.value,
            stage=Stage.RECEIVED,
            payment_due=payload.payment_due.value,
            history_length=0,
            version=1,
            started_at=payload.received_at,
        )
        .on_conflict_do_nothing(index_elements=[ProcessInstance.dossier_id])
        .returning(ProcessInstance.id)
    )
    if inserted.first() is None:
        return None
    instance = await _locked(session, payload.dossier_id)
    assert instance is not None
    await events.process_started(session, outbox, instance)
    return instance


async def on_submitted(session: AsyncSession, payload: DossierSubmitted) -> None:
    """Remember who filed the dossier, for the letters; processing starts only on reception."""
    await session.execute(
        pg_insert(DossierBrief)
        .values(
            dossier_id=payload.dossier_id,
            applicant_name=payload.applicant_name,
            applicant_kind=payload.applicant_kind.value,
            channel=payload.channel.value,
            submitted_at=payload.submitted_at,
        )
        .on_conflict_do_nothing(index_elements=[DossierBrief.dossier_id])
    )


async def on_received(ctx: Context, payload: DossierReceived) -> None:
    session = ctx.session
    instance = await open_instance(session, ctx.outbox, payload)
    if instance is None:
        existing = await _locked(session, payload.dossier_id)
        if existing is None or existing.stage != Stage.AWAITING_RECEPTION:
            log.info("received_again_ignored", dossier_id=str(payload.dossier_id))
            return
        instance = existing
    instance.dossier_code = payload.dossier_code
    instance.agency_code = payload.agency_code
    instance.procedure_version = payload.procedure_version
    instance.channel = payload.channel.value
    instance.received_at = payload.received_at
    instance.appointment_date = payload.appointment_date
    instance.payment_due = payload.payment_due.value
    await _bind_plan(ctx, instance, payload)
    await history.append(
        session,
        instance,
        action="received",
        at=payload.received_at,
        giver="Bộ phận Một cửa",
        handling_agency_code=instance.agency_code,
        data={
            "appointment_date": payload.appointment_date.isoformat(),
            "received_by": payload.received_by,
            "payment_due": payload.payment_due.value,
        },
    )
    if payload.payment_due is PaymentDue.BEFORE_PROCESSING:
        signal = await session.get(PaymentSignal, payload.dossier_id)
        if signal is None:
            instance.stage = Stage.AWAITING_PAYMENT
            return
        instance.paid_at = signal.paid_at
        await begin_processing(ctx, instance, at=max(signal.paid_at, payload.received_at))
        return
    await begin_processing(ctx, instance, at=payload.received_at)


async def _bind_plan(ctx: Context, instance: ProcessInstance, payload: DossierReceived) -> None:
    definition = await definitions.in_force_for(
        ctx.session,
        agency_code=payload.agency_code,
        procedure_code=payload.procedure_code,
        procedure_version=payload.procedure_version,
    )
    limit = await directory.procedure_limit(ctx.session, payload.procedure_code, payload.procedure_version)
    instance.procedure_name = limit.name if limit else None
    if definition is not None:
        plan = definitions.content_of(definition)
        instance.definition_id = definition.id
    else:
        if limit is not None:
            legal = float(limit.processing_days)
        else:
            calendar = await ctx.calendar(payload.agency_code)
            start = deadlines.clock_start(calendar, payload.received_at)
            legal = float(max(0, calendar.working_days_between(start, payload.appointment_date)))
        plan = engine.default_plan(payload.agency_code, legal, instance.procedure_name)
    instance.plan = plan.model_dump(mode="json")
    instance.route = plan.route.value
    instance.legal_limit_days = plan.legal_limit_days
    deciding = plan.decisive_index()
    for position, stage in enumerate(plan.stages):
        ctx.session.add(
            ProcessStage(
                instance_id=instance.id,
                position=position,
                agency_code=stage.agency_code,
                lead=stage.lead,
                deciding=position == deciding,
                task_text=stage.task,
                limit_days=stage.limit_days,
                status="pending",
            )
        )
    await ctx.session.flush()


async def begin_processing(ctx: Context, instance: ProcessInstance, *, at: datetime) -> None:
    """Start the time limit and hand the dossier to the first unit(s) (R-PROC-1, R-PROC-5)."""
    calendar = await ctx.calendar(instance.agency_code)
    start = deadlines.clock_start(calendar, at)
    assert instance.legal_limit_days is not None
    instance.clock_started_on = start
    instance.due_date = deadlines.due_after(calendar, start, instance.legal_limit_days)
    instance.stage = Stage.PROCESSING
    instance.processing_started_at = ctx.now
    plan = engine.plan_of(instance)
    stages = await engine.stages_of(ctx.session, instance.id)
    first = stages if plan.route.value == "parallel" else stages[:1]
    for stage in first:
        stage_calendar = await ctx.calendar(stage.agency_code)
        await engine.open_stage(
            ctx, instance, stage, start=deadlines.clock_start(stage_calendar, at), giver=None
        )
    await events.processing_started(ctx.session, ctx.outbox, instance, ctx.now)


async def on_payment_succeeded(ctx: Context, payload: PaymentSucceeded | PaymentWaived) -> None:
    """Fees paid (or waived: exemptions cover them all): processing may start (R-PAY-3)."""
    paid_at = payload.paid_at if isinstance(payload, PaymentSucceeded) else payload.occurred_at
    await ctx.session.execute(
        pg_insert(PaymentSignal)
        .values(dossier_id=payload.dossier_id, payment_id=payload.payment_id, paid_at=paid_at)
        .on_conflict_do_nothing(index_elements=[PaymentSignal.dossier_id])
    )
    instance = await _locked(ctx.session, payload.dossier_id)
    if instance is None or instance.stage != Stage.AWAITING_PAYMENT:
        return
    instance.paid_at = paid_at
    await history.append(
        ctx.session,
        instance,
        action="paid" if isinstance(payload, PaymentSucceeded) else "fees_waived",
        at=paid_at,
        handling_agency_code=instance.agency_code,
        data={
            "payment_id": str(payload.payment_id),
            "amount": payload.amount if isinstance(payload, PaymentSucceeded) else 0,
        },
    )
    await begin_processing(ctx, instance, at=paid_at)


async def on_supplemented(ctx: Context, payload: DossierSupplemented) -> None:
    if payload.next_status is not DossierStatus.PROCESSING:
        return
    instance = await _locked(ctx.session, payload.dossier_id)
    if instance is None or instance.stage != Stage.SUPPLEMENT_REQUESTED:
        return
    calendar = await ctx.calendar(instance.agency_code)
    start = deadlines.clock_start(calendar, payload.supplemented_at)
    assert instance.legal_limit_days is not None
    previous_due = instance.due_date
    instance.clock_started_on = start
    instance.due_date = deadlines.due_after(calendar, start, instance.legal_limit_days)
    instance.stage = Stage.PROCESSING
    await engine.resume(ctx, instance, start=start)
    await history.append(
        ctx.session,
        instance,
        action="supplemented",
        at=payload.supplemented_at,
        handling_agency_code=instance.agency_code,
        data={
            "clock_restarted_on": start.isoformat(),
            "due_date": instance.due_date.isoformat(),
            "previous_due_date": previous_due.isoformat() if previous_due else None,
            "attachment_ids": [str(a) for a in payload.attachment_ids],
        },
    )
    await events.processing_started(ctx.session, ctx.outbox, instance, ctx.now)


async def _close(
    ctx: Context,
    dossier_id: object,
    *,
    stage: str,
    at: datetime,
    action: str,
    data: dict[str, object] | None = None,
    only_from: frozenset[str] = Stage.OPEN,
) -> None:
    instance = await _locked(ctx.session, dossier_id)
    if instance is None or instance.stage not in only_from:
        return
    instance.stage = stage
    instance.closed_at = at
    await engine.cancel_open(ctx.session, instance)
    await history.append(
        ctx.session, instance, action=action, at=at, handling_agency_code=instance.agency_code, data=data
    )


async def on_withdrawn(ctx: Context, payload: DossierWithdrawn) -> None:
    await _close(
        ctx,
        payload.dossier_id,
        stage=Stage.WITHDRAWN,
        at=payload.occurred_at,
        action="withdrawn",
        data={"reason": payload.reason},
    )


async def on_refused_at_desk(ctx: Context, payload: DossierRefused) -> None:
    """A dossier the desk refused never reaches workflow: what its filing left is forgotten."""
    if payload.at_desk:
        await ctx.session.execute(delete(DossierBrief).where(DossierBrief.dossier_id == payload.dossier_id))


async def on_returned(ctx: Context, payload: DossierReturned) -> None:
    await _close(
        ctx,
        payload.dossier_id,
        stage=Stage.RETURNED,
        at=payload.occurred_at,
        action="returned",
        data={"return_channel": payload.return_channel.value},
        only_from=frozenset({Stage.RESOLVED}),
    )
