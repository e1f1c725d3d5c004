"""Events on the feedback topic: citizens' feedback and petitions (phản ánh, kiến nghị, R-FB-4).

Intake receives feedback about a dossier, a procedure or an agency, routes it to the responsible
agency and tracks the 3-working-day answer deadline. Each event names the agency that must answer,
so an agency's systems (webhooks) and dashboards follow their own queue. Personal data stays with
intake: only an answered event carries the submitter's contact, and only when the submitter has no
account, so that notify can tell them the answer.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr

__all__ = [
    "FEEDBACK_ANSWERED",
    "FEEDBACK_DUE_SOON",
    "FEEDBACK_FORWARDED",
    "FEEDBACK_OVERDUE",
    "FEEDBACK_SUBMITTED",
    "FeedbackAnswered",
    "FeedbackChannel",
    "FeedbackDueSoon",
    "FeedbackEvent",
    "FeedbackForwarded",
    "FeedbackKind",
    "FeedbackOverdue",
    "FeedbackSubmitted",
    "FeedbackTarget",
]

FEEDBACK_SUBMITTED = "vn.motcua.feedback.submitted.v1"
FEEDBACK_FORWARDED = "vn.motcua.feedback.forwarded.v1"
FEEDBACK_ANSWERED = "vn.motcua.feedback.answered.v1"
FEEDBACK_DUE_SOON = "vn.motcua.feedback.due_soon.v1"
FEEDBACK_OVERDUE = "vn.motcua.feedback.overdue.v1"


class FeedbackTarget(StrEnum):
    """What the feedback is about."""

    DOSSIER = "dossier"
    PROCEDURE = "procedure"
    AGENCY = "agency"


class FeedbackKind(StrEnum):
    """Phản ánh (a report on how things are done) or kiến nghị (a proposal to change them)."""

    REPORT = "report"
    PROPOSAL = "proposal"


class FeedbackChannel(StrEnum):
    """How the feedback reached the agency (R-FB-4: the portal's Q&A section, email, phone)."""

    PORTAL = "portal"
    EMAIL = "email"
    PHONE = "phone"
    DESK = "desk"


class FeedbackEvent(EventPayload):
    """Fields every feedback event carries."""

    feedback_id: UUID
    agency_code: NonEmptyStr = Field(description="The agency that must answer (R-FMT-1).")
    target: FeedbackTarget
    dossier_id: UUID | None = Field(default=None, description="The dossier it is about, if any.")
    dossier_code: NonEmptyStr | None = None
    procedure_code: NonEmptyStr | None = Field(default=None, description="The procedure it is about, if any.")
    title: NonEmptyStr
    due_date: date = Field(description="Last day of the answer's time limit (3 working days, R-FB-4).")
    occurred_at: AwareDatetime


class FeedbackSubmitted(FeedbackEvent):
    """Feedback was received and routed to the responsible agency."""

    kind: FeedbackKind
    channel: FeedbackChannel
    received_on: date = Field(description="The working day it counts as received on.")
    submitter_subject: NonEmptyStr | None = Field(
        default=None, description="Account subject of the submitter; None when they gave contact details."
    )


class FeedbackForwarded(FeedbackEvent):
    """The agency it was routed to passed it to the competent agency, which answers by the new due date."""

    from_agency_code: NonEmptyStr
    reason: NonEmptyStr
    forwarded_by: NonEmptyStr = Field(description="Subject of the official who forwarded it.")


class FeedbackAnswered(FeedbackEvent):
    """An official of the responsible agency answered (R-FB-4: who answered, when, on time or late)."""

    answer: NonEmptyStr
    answered_at: AwareDatetime
    answered_by: NonEmptyStr = Field(description="Subject of the official who answered.")
    answered_by_name: NonEmptyStr | None = None
    on_time: bool
    working_days_late: int = Field(ge=0)
    published: bool = Field(description="Whether the question and answer appear in the public Q&A.")
    submitter_subject: NonEmptyStr | None = Field(
        default=None, description="Account subject of the submitter, whom notify tells in-app and by mail."
    )
    submitter_name: NonEmptyStr | None = Field(
        default=None, description="Only for a submitter without an account."
    )
    contact_email: NonEmptyStr | None = Field(
        default=None, description="Only for a submitter without an account: where to send the answer."
    )
    contact_phone: NonEmptyStr | None = Field(
        default=None, description="Only for a submitter without an account: where to text the answer."
    )


class FeedbackDueSoon(FeedbackEvent):
    """An unanswered feedback's time limit ends within one working day."""

    working_days_left: int = Field(ge=0, le=1)


class FeedbackOverdue(FeedbackEvent):
    """An unanswered feedback's time limit passed; sent once per due date."""
