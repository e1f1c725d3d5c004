"""What officials do with feedback (answer, forward, publish) and what its submitter may change
(consent to publication); each change, its history line and its event commit together (R-FB-4)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import FEEDBACK_ANSWERED, FEEDBACK_FORWARDED, FeedbackAnswered, FeedbackForwarded
from intake.feedback import repository, rules
from intake.feedback.context import FeedbackContext
from intake.feedback.errors import (
    AlreadyAnswered,
    CatalogUnavailable,
    ConsentMissing,
    FeedbackNotFound,
    ForwardToSameAgency,
    NotAHandler,
    NotAnswered,
    TargetUnknown,
)
from intake.feedback.events import common_fields
from intake.feedback.models import Feedback
from intake.feedback.rules import FeedbackStatus, HistoryAction
from intake.feedback.schemas import FeedbackAnswerWrite, FeedbackForwardWrite, PublicationWrite
from intake.feedback.service import get_visible
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.errors import FieldError, Forbidden
from servicekit.i18n import Text
from servicekit.outbox import Outbox

log = structlog.get_logger("intake.feedback")


async def _for_handling(session: AsyncSession, *, feedback_id: uuid.UUID, principal: Principal) -> Feedback:
    """Locked for the change; 404 for another agency's feedback, 403 for a role that does not handle it."""
    feedback = await get_visible(session, feedback_id=feedback_id, principal=principal, for_update=True)
    if not rules.may_handle(principal, feedback.agency_code):
        raise NotAHandler(agency_code=feedback.agency_code)
    return feedback


async def answer(
    session: AsyncSession,
    outbox: Outbox,
    context: FeedbackContext,
    *,
    principal: Principal,
    feedback_id: uuid.UUID,
    data: FeedbackAnswerWrite,
) -> Feedback:
    """Record the answer, who gave it and whether it was on time; tell the submitter (notify)."""
    feedback = await _for_handling(session, feedback_id=feedback_id, principal=principal)
    if feedback.status == FeedbackStatus.ANSWERED.value:
        raise AlreadyAnswered(answered_at=feedback.answered_at.isoformat() if feedback.answered_at else "")
    if data.publish and not feedback.publish_consent:
        raise ConsentMissing()
    now = context.clock.now()
    answered_on = now.astimezone(VN_TZ).date()
    calendar = await _calendar(context, feedback.agency_code, answered_on)
    on_time, late = rules.verdict(calendar, due_date=feedback.due_date, answered_on=answered_on)
    feedback.status = FeedbackStatus.ANSWERED.value
    feedback.answer = data.answer
    feedback.answered_at = now
    feedback.answered_by = principal.subject
    feedback.answered_by_name = principal.name
    feedback.answered_on_time = on_time
    feedback.working_days_late = late
    feedback.updated_at = now
    verdict = "đúng hạn" if on_time else f"trễ {late} ngày làm việc"
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.ANSWERED,
        at=now,
        actor_subject=principal.subject,
        actor_name=principal.name,
        note=f"Trả lời {verdict} (hạn {feedback.due_date.strftime('%d/%m/%Y')})",
    )
    if data.publish:
        _publish(session, feedback, principal, now, data.public_question)
    await session.flush()
    anonymous = feedback.submitter_subject is None
    await outbox.add(
        session,
        FEEDBACK_ANSWERED,
        FeedbackAnswered(
            **common_fields(feedback, now),
            answer=data.answer,
            answered_at=now,
            answered_by=principal.subject,
            answered_by_name=principal.name,
            on_time=on_time,
            working_days_late=late,
            published=feedback.published,
            submitter_subject=feedback.submitter_subject,
            # Contact details travel only for a submitter notify cannot find by account.
            submitter_name=feedback.submitter_name if anonymous else None,
            contact_email=feedback.contact_email if anonymous else None,
            contact_phone=feedback.contact_phone if anonymous else None,
        ),
        key=str(feedback.id),
        subject=str(feedback.id),
    )
    return feedback


async def _calendar(context: FeedbackContext, agency_code: str, around: date) -> WorkingCalendar:
    """The agency's calendar to count days late; an answer is never refused because the catalogue is
    down: the national calendar counts them then (only the count of days late could differ)."""
    try:
        return await context.directory.calendar(agency_code, around=around)
    except CatalogUnavailable:
        log.warning("feedback_calendar_fallback", agency_code=agency_code)
        return WorkingCalendar()


async def forward(
    session: AsyncSession,
    outbox: Outbox,
    context: FeedbackContext,
    *,
    principal: Principal,
    feedback_id: uuid.UUID,
    data: FeedbackForwardWrite,
) -> Feedback:
    """Pass feedback to the competent agency, which has its own 3 working days from today."""
    feedback = await _for_handling(session, feedback_id=feedback_id, principal=principal)
    if feedback.status == FeedbackStatus.ANSWERED.value:
        raise AlreadyAnswered(answered_at=feedback.answered_at.isoformat() if feedback.answered_at else "")
    if data.agency_code == feedback.agency_code:
        raise ForwardToSameAgency(agency_code=feedback.agency_code)
    agency = await context.directory.agency(data.agency_code)
    if agency is None or not agency.active:
        raise TargetUnknown(
            errors=[
                FieldError(
                    "agency_code",
                    "unknown",
                    Text(
                        "Không có trong danh mục hoặc đã ngừng hoạt động.", "Not in the catalogue."
                    ).render(),
                )
            ]
        )
    now = context.clock.now()
    calendar = await context.directory.calendar(agency.code, around=now.astimezone(VN_TZ).date())
    deadline = rules.deadline(calendar, now, working_days=context.settings.feedback_answer_working_days)
    from_agency = feedback.agency_code
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.FORWARDED,
        at=now,
        actor_subject=principal.subject,
        actor_name=principal.name,
        note=f"Chuyển {agency.name} ({agency.code}): {data.reason}",
    )
    feedback.agency_code = agency.code
    feedback.agency_name = agency.name
    feedback.received_on = deadline.received_on
    feedback.due_date = deadline.due_date
    feedback.remind_on = deadline.remind_on
    feedback.updated_at = now
    await session.flush()
    await outbox.add(
        session,
        FEEDBACK_FORWARDED,
        FeedbackForwarded(
            **common_fields(feedback, now),
            from_agency_code=from_agency,
            reason=data.reason,
            forwarded_by=principal.subject,
        ),
        key=str(feedback.id),
        subject=str(feedback.id),
    )
    return feedback


def _publish(
    session: AsyncSession, feedback: Feedback, principal: Principal, at: datetime, public_question: str | None
) -> None:
    feedback.published = True
    feedback.published_at = at
    feedback.public_question = public_question
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.PUBLISHED,
        at=at,
        actor_subject=principal.subject,
        actor_name=principal.name,
    )


def _unpublish(
    session: AsyncSession, feedback: Feedback, at: datetime, *, actor: Principal, note: str
) -> None:
    feedback.published = False
    feedback.published_at = None
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.UNPUBLISHED,
        at=at,
        actor_subject=actor.subject,
        actor_name=actor.name,
        note=note,
    )


async def set_publication(
    session: AsyncSession,
    context: FeedbackContext,
    *,
    principal: Principal,
    feedback_id: uuid.UUID,
    data: PublicationWrite,
) -> Feedback:
    """Show an answered feedback in the public Q&A (only with the submitter's consent), or take it down."""
    feedback = await _for_handling(session, feedback_id=feedback_id, principal=principal)
    now = context.clock.now()
    if data.published:
        if feedback.status != FeedbackStatus.ANSWERED.value:
            raise NotAnswered()
        if not feedback.publish_consent:
            raise ConsentMissing()
        if feedback.published and data.public_question is None:
            return feedback
        _publish(session, feedback, principal, feedback.published_at or now, data.public_question)
    elif feedback.published:
        _unpublish(session, feedback, now, actor=principal, note="Cơ quan thôi công khai")
    feedback.updated_at = now
    await session.flush()
    return feedback


async def set_consent(
    session: AsyncSession,
    context: FeedbackContext,
    *,
    principal: Principal,
    feedback_id: uuid.UUID,
    publish_consent: bool,
) -> Feedback:
    """The submitter gives or withdraws consent; withdrawing takes a published answer down at once."""
    feedback = await get_visible(session, feedback_id=feedback_id, principal=principal, for_update=True)
    if feedback.submitter_subject != principal.subject:
        if principal.kind == "official":
            raise Forbidden()
        raise FeedbackNotFound(feedback_id=str(feedback_id))
    if feedback.publish_consent == publish_consent:
        return feedback
    now = context.clock.now()
    feedback.publish_consent = publish_consent
    feedback.updated_at = now
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.CONSENT_GIVEN if publish_consent else HistoryAction.CONSENT_WITHDRAWN,
        at=now,
        actor_subject=principal.subject,
        actor_name=principal.name,
    )
    if not publish_consent and feedback.published:
        _unpublish(session, feedback, now, actor=principal, note="Người gửi rút đồng ý công khai")
    await session.flush()
    return feedback
