"""Actions on a whole dossier: moving the appointment date once (R-PROC-8) and stopping processing
(TT 03/2025 form 05, national status 8)."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import FieldError
from servicekit.i18n import Text
from workflow.deadlines import rules as deadlines
from workflow.documents import letters
from workflow.documents import service as documents
from workflow.documents.models import DocumentKind
from workflow.history import service as history
from workflow.processes import engine, events
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance, Stage
from workflow.processes.schemas import ExtensionWrite, StopWrite
from workflow.roles import AGENCY_LEADER, MANAGERS
from workflow.tasks.errors import (
    ExtensionAlreadyUsed,
    ExtensionDateInvalid,
    ExtensionTooLate,
    LeaderRequired,
    ManagerRequired,
    ProcessNotProcessing,
)

_DATE_MESSAGES = {
    deadlines.ExtensionRefusal.NOT_LATER: Text(
        "Ngày hẹn mới phải sau ngày hẹn hiện tại.", "The new date must be after the current one."
    ),
    deadlines.ExtensionRefusal.NOT_WORKING_DAY: Text(
        "Ngày hẹn mới phải là ngày làm việc.", "The new date must be a working day."
    ),
}


async def extend(
    ctx: Context, instance: ProcessInstance, principal: Principal, data: ExtensionWrite, *, agencies: set[str]
) -> None:
    """R-PROC-8: at least one working day before the due date, once, to a later working day; the
    applicant is notified (``dossier.extended``) with the apology letter."""
    if not (principal.has_role(*MANAGERS) and principal.agencies & agencies):
        raise ManagerRequired()
    if instance.stage != Stage.PROCESSING:
        raise ProcessNotProcessing(stage=instance.stage)
    assert instance.due_date is not None
    calendar = await ctx.calendar(instance.agency_code)
    refusal = deadlines.extension_refusal(
        calendar,
        due=instance.due_date,
        today=ctx.today,
        new_date=data.new_due_date,
        already_extended=instance.due_date_before_extension is not None,
    )
    if refusal is deadlines.ExtensionRefusal.ALREADY_EXTENDED:
        raise ExtensionAlreadyUsed()
    if refusal is deadlines.ExtensionRefusal.TOO_LATE:
        raise ExtensionTooLate(due_date=instance.due_date.strftime("%d/%m/%Y"))
    if refusal is not None:
        message = _DATE_MESSAGES[refusal]
        raise ExtensionDateInvalid(
            message, errors=[FieldError("new_due_date", refusal.value, message.render())]
        )
    previous = instance.due_date
    instance.due_date_before_extension = previous
    instance.due_date = data.new_due_date
    instance.extension_reason = data.reason
    instance.extended_at = ctx.now
    instance.extended_by = principal.subject
    content = await letters.apology(
        ctx.session,
        instance,
        previous=previous,
        new=data.new_due_date,
        reason=data.reason,
        at=ctx.now,
        by=principal,
    )
    letter = await documents.store(
        ctx.session,
        instance,
        kind=DocumentKind.APOLOGY_LETTER,
        filename=f"phieu-xin-loi-{instance.dossier_code}.pdf",
        media_type="application/pdf",
        content=content,
        created_by=principal.subject,
        for_applicant=True,
    )
    await history.append(
        ctx.session,
        instance,
        action="extended",
        at=ctx.now,
        actor=principal,
        handling_agency_code=instance.agency_code,
        giver=principal.name or principal.subject,
        receiver=f"Bộ phận Một cửa {instance.agency_code}",
        comment=data.reason,
        attachment_ids=[letter.id],
        data={"previous_due_date": previous.isoformat(), "new_due_date": data.new_due_date.isoformat()},
    )
    await events.extended(
        ctx.session,
        ctx.outbox,
        instance,
        at=ctx.now,
        previous=previous,
        reason=data.reason,
        apology_document_id=letter.id,
    )


async def stop(
    ctx: Context, instance: ProcessInstance, principal: Principal, data: StopWrite, *, deciding_agency: str
) -> None:
    """Stop processing with a reason (form 05): open steps are cancelled, fees become refundable."""
    if not (
        principal.has_role(AGENCY_LEADER) and principal.agencies & {instance.agency_code, deciding_agency}
    ):
        raise LeaderRequired()
    if instance.stage not in (Stage.PROCESSING, Stage.SUPPLEMENT_REQUESTED, Stage.AWAITING_PAYMENT):
        raise ProcessNotProcessing(stage=instance.stage)
    content = await letters.stop_notice(
        ctx.session, instance, reason=data.reason, at=ctx.now, by=principal, paid=instance.paid_at is not None
    )
    notice = await documents.store(
        ctx.session,
        instance,
        kind=DocumentKind.STOP_NOTICE,
        filename=f"thong-bao-dung-{instance.dossier_code}.pdf",
        media_type="application/pdf",
        content=content,
        created_by=principal.subject,
        for_applicant=True,
    )
    instance.stage = Stage.STOPPED
    instance.stop_reason = data.reason
    instance.closed_at = ctx.now
    await engine.cancel_open(ctx.session, instance)
    await history.append(
        ctx.session,
        instance,
        action="stopped",
        at=ctx.now,
        actor=principal,
        handling_agency_code=instance.agency_code,
        giver=principal.name or principal.subject,
        receiver=f"Bộ phận Một cửa {instance.agency_code}",
        comment=data.reason,
        attachment_ids=[notice.id],
    )
    await events.stopped(
        ctx.session, ctx.outbox, instance, at=ctx.now, reason=data.reason, decided_by=principal.subject
    )
