"""Rows to API shapes: what the submitter, the agency and the public each see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from contracts.events import FeedbackChannel, FeedbackKind, FeedbackTarget
from intake.feedback.models import Feedback, FeedbackHistory
from intake.feedback.rules import FeedbackStatus, HistoryAction, redact
from intake.feedback.schemas import (
    AnswerRead,
    FeedbackRead,
    FeedbackSummary,
    HistoryEntry,
    PublicQuestion,
    SubmitterRead,
)
from servicekit.auth import Principal

PUBLIC_PATH = "/v1/feedback/public"


def is_overdue(feedback: Feedback, today: date) -> bool:
    return feedback.status == FeedbackStatus.RECEIVED.value and feedback.due_date < today


def feedback_read(
    feedback: Feedback, history: Sequence[FeedbackHistory], *, viewer: Principal | None, today: date
) -> FeedbackRead:
    """Officials see who acted (accountability); the submitter sees names only."""
    official = viewer is not None and viewer.kind == "official"
    status = FeedbackStatus(feedback.status)
    answer = None
    if feedback.answer is not None and feedback.answered_at is not None:
        answer = AnswerRead(
            text=feedback.answer,
            answered_at=feedback.answered_at,
            answered_by=feedback.answered_by if official else None,
            answered_by_name=feedback.answered_by_name,
            on_time=bool(feedback.answered_on_time),
            working_days_late=feedback.working_days_late or 0,
        )
    return FeedbackRead(
        id=feedback.id,
        target=FeedbackTarget(feedback.target),
        kind=FeedbackKind(feedback.kind),
        channel=FeedbackChannel(feedback.channel),
        dossier_id=feedback.dossier_id,
        dossier_code=feedback.dossier_code,
        procedure_code=feedback.procedure_code,
        procedure_name=feedback.procedure_name,
        agency_code=feedback.agency_code,
        agency_name=feedback.agency_name,
        title=feedback.title,
        content=feedback.content,
        publish_consent=feedback.publish_consent,
        status=status,
        status_label=status.label,
        submitted_at=feedback.submitted_at,
        received_on=feedback.received_on,
        due_date=feedback.due_date,
        overdue=is_overdue(feedback, today),
        answer=answer,
        published=feedback.published,
        public_url=f"{PUBLIC_PATH}/{feedback.id}" if feedback.published else None,
        submitter=SubmitterRead(
            subject=feedback.submitter_subject,
            name=feedback.submitter_name,
            email=feedback.contact_email,
            phone=feedback.contact_phone,
        ),
        history=[
            HistoryEntry(
                at=h.at,
                action=HistoryAction(h.action),
                action_label=HistoryAction(h.action).label,
                actor_subject=h.actor_subject if official else None,
                actor_name=h.actor_name,
                agency_code=h.agency_code,
                note=h.note,
            )
            for h in history
        ],
    )


def summary(feedback: Feedback, *, today: date) -> FeedbackSummary:
    status = FeedbackStatus(feedback.status)
    return FeedbackSummary(
        id=feedback.id,
        target=FeedbackTarget(feedback.target),
        kind=FeedbackKind(feedback.kind),
        title=feedback.title,
        agency_code=feedback.agency_code,
        procedure_code=feedback.procedure_code,
        dossier_code=feedback.dossier_code,
        status=status,
        status_label=status.label,
        submitted_at=feedback.submitted_at,
        due_date=feedback.due_date,
        overdue=is_overdue(feedback, today),
        answered_at=feedback.answered_at,
        answered_on_time=feedback.answered_on_time,
        published=feedback.published,
    )


def public_question(feedback: Feedback) -> PublicQuestion:
    """No submitter, contact, dossier or officer: the question (reworded by the agency, or with
    personal data masked) and the answer (masked too)."""
    assert feedback.answer is not None and feedback.answered_at is not None and feedback.published_at
    names = [feedback.submitter_name] if feedback.submitter_name else []
    return PublicQuestion(
        id=feedback.id,
        kind=FeedbackKind(feedback.kind),
        target=FeedbackTarget(feedback.target),
        title=redact(feedback.title, names=names),
        question=redact(feedback.public_question or feedback.content, names=names),
        answer=redact(feedback.answer, names=names),
        agency_code=feedback.agency_code,
        agency_name=feedback.agency_name,
        procedure_code=feedback.procedure_code,
        procedure_name=feedback.procedure_name,
        asked_on=feedback.received_on,
        answered_at=feedback.answered_at,
        published_at=feedback.published_at,
    )
