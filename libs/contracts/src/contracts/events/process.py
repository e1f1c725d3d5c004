"""Workflow's own events on the dossier topic: each recorded step of processing and the deadline watch.

The dossier's lifecycle transitions (processing started, supplement after appraisal, extension, stop,
refusal, resolution) are `contracts.events.dossier` events; these carry what happens between them:
hand-overs, assignments, appraisal, consultation, approval (the progress updates the national portal
sync needs, R-FMT-4, and the department the owner's lookup shows, R-LOOK-1), and the due-soon and
overdue notices of the deadline watcher (R-PROC-4, R-PROC-8).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import NonEmptyStr
from contracts.events.dossier import DossierEvent

__all__ = [
    "PROCESS_DUE_SOON",
    "PROCESS_OVERDUE",
    "PROCESS_PROGRESSED",
    "DeadlineScope",
    "ProcessAction",
    "ProcessDeadlineEvent",
    "ProcessDueSoon",
    "ProcessOverdue",
    "ProcessProgressed",
]

PROCESS_PROGRESSED = "vn.motcua.process.progressed.v1"
PROCESS_DUE_SOON = "vn.motcua.process.due_soon.v1"
PROCESS_OVERDUE = "vn.motcua.process.overdue.v1"


class ProcessAction(StrEnum):
    """What an officer (or the system) did to a dossier in processing."""

    TRANSFERRED = "transferred"
    """Handed over to a unit or agency (Phiếu chuyển xử lý; the desk's transfer, R-PROC-1)."""
    ASSIGNED = "assigned"
    APPRAISED = "appraised"
    VERIFIED = "verified"
    CONSULTATION_REQUESTED = "consultation_requested"
    CONSULTATION_ANSWERED = "consultation_answered"
    STEP_COMPLETED = "step_completed"
    PROPOSED = "proposed"
    APPROVED = "approved"
    SENT_BACK = "sent_back"
    PART_RETURNED = "part_returned"
    """A participating agency returned its part of an inter-agency dossier (R-PROC-5)."""
    RESULT_RECORDED = "result_recorded"
    HANDED_OVER = "handed_over"
    """The result went back to the desk that received the dossier (R-PROC-6)."""


class ProcessProgressed(DossierEvent):
    """One recorded step of processing: the progress update of the national sync (R-FMT-4)."""

    process_instance_id: UUID
    action: ProcessAction
    step_title: NonEmptyStr | None = Field(default=None, description="The step of the process definition.")
    handling_agency_code: NonEmptyStr = Field(
        description="Agency or unit that holds the dossier after this step (R-LOOK-1: the department)."
    )
    officer_subject: NonEmptyStr | None = Field(default=None, description="Who acted; None for the system.")
    officer_name: NonEmptyStr | None = None
    content: NonEmptyStr | None = Field(default=None, description="The officer's comment.")
    national_status: int = Field(ge=1, le=10, description="TrangThaiHoSo after this step (R-FMT-4).")
    step_started_at: AwareDatetime | None = None
    step_due_date: date | None = Field(default=None, description="Due date of the step now open, if any.")
    process_due_date: date | None = Field(default=None, description="Statutory end date of processing.")


class DeadlineScope(StrEnum):
    """What a deadline belongs to."""

    PROCESS = "process"
    """The dossier's overall time limit (the appointment date in force)."""
    TASK = "task"
    """One step's share of the time limit."""
    CONSULTATION = "consultation"
    """The deadline given to a consulted unit (R-PROC-4)."""


class ProcessDeadlineEvent(DossierEvent):
    """Fields of the deadline watcher's notices; each is sent once per deadline (scope, id, due date)."""

    process_instance_id: UUID
    scope: DeadlineScope
    subject_id: UUID = Field(description="The process instance, task or consultation concerned.")
    title: NonEmptyStr = Field(description="The step or consultation, or the procedure for the process.")
    handling_agency_code: NonEmptyStr = Field(description="Agency or unit the deadline binds.")
    assignee_subject: NonEmptyStr | None = Field(default=None, description="Officer in charge, if assigned.")
    due_date: date


class ProcessDueSoon(ProcessDeadlineEvent):
    """A deadline is near (R-PROC-8: the agency acts at least one working day before it)."""

    working_days_left: int = Field(ge=0)


class ProcessOverdue(ProcessDeadlineEvent):
    """A deadline passed; a consultation's is reported to the head of the desk (R-PROC-4)."""

    working_days_late: int = Field(ge=1)
    reported_to_desk: bool = Field(
        default=False, description="True when the notice is addressed to the receiving desk's head."
    )
