"""Events on the dossier topic: one per lifecycle transition (DESIGN §3), plus workflow's process events.

The owner of a transition emits it: intake for submission, desk decisions, withdrawal and return;
workflow for processing, supplement after appraisal, extension, stop and resolution.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal, Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator

from contracts.events.base import EventPayload, NonEmptyStr
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus, can_transition

__all__ = [
    "DOSSIER_EXTENDED",
    "DOSSIER_PROCESSING_STARTED",
    "DOSSIER_RECEIVED",
    "DOSSIER_REFUSED",
    "DOSSIER_RESOLVED",
    "DOSSIER_RETURNED",
    "DOSSIER_STOPPED",
    "DOSSIER_SUBMITTED",
    "DOSSIER_SUPPLEMENTED",
    "DOSSIER_SUPPLEMENT_REQUESTED",
    "DOSSIER_WITHDRAWN",
    "PROCESS_STARTED",
    "DossierDocument",
    "DossierEvent",
    "DossierExtended",
    "DossierProcessingStarted",
    "DossierReceived",
    "DossierRefused",
    "DossierResolved",
    "DossierReturned",
    "DossierStopped",
    "DossierSubmitted",
    "DossierSupplementRequested",
    "DossierSupplemented",
    "DossierWithdrawn",
    "PaymentDue",
    "ProcessStarted",
    "SupplementItem",
]

DOSSIER_SUBMITTED = "vn.motcua.dossier.submitted.v1"
DOSSIER_RECEIVED = "vn.motcua.dossier.received.v1"
DOSSIER_REFUSED = "vn.motcua.dossier.refused.v1"
DOSSIER_SUPPLEMENT_REQUESTED = "vn.motcua.dossier.supplement_requested.v1"
DOSSIER_SUPPLEMENTED = "vn.motcua.dossier.supplemented.v1"
DOSSIER_PROCESSING_STARTED = "vn.motcua.dossier.processing_started.v1"
DOSSIER_WITHDRAWN = "vn.motcua.dossier.withdrawn.v1"
DOSSIER_RESOLVED = "vn.motcua.dossier.resolved.v1"
DOSSIER_RETURNED = "vn.motcua.dossier.returned.v1"
DOSSIER_STOPPED = "vn.motcua.dossier.stopped.v1"
DOSSIER_EXTENDED = "vn.motcua.dossier.extended.v1"
PROCESS_STARTED = "vn.motcua.process.started.v1"


class PaymentDue(StrEnum):
    """When the applicant must pay the procedure's fees (R-PAY-3, R-CAT-2 level 4).

    Intake sets it on reception from the procedure version; payments issues the order on
    `dossier.received` when it is not `none`; workflow waits for `payment.succeeded` before it
    starts processing when it is `before_processing`, and the desk before it returns the result
    when it is `before_return`.
    """

    NONE = "none"
    BEFORE_PROCESSING = "before_processing"
    BEFORE_RETURN = "before_return"


class DossierDocument(EventPayload):
    """A document of a dossier as registers outside the suite list it (R-FMT-4: submitted and result
    documents of the national record): its id, its name and the dossier component it answers."""

    document_id: UUID
    name: NonEmptyStr = Field(description="The component's name, or the document's title.")
    component_code: NonEmptyStr | None = Field(
        default=None, description="The dossier component (thành phần hồ sơ) it supplies, if any."
    )


class DossierEvent(EventPayload):
    """Fields every dossier event carries."""

    dossier_id: UUID
    dossier_code: NonEmptyStr | None = Field(
        default=None, description="Human dossier code (R-FMT-2), once issued."
    )
    agency_code: NonEmptyStr = Field(description="Code of the agency deciding the dossier (R-FMT-1).")
    procedure_code: NonEmptyStr = Field(description="National procedure code (R-FMT-3).")
    applicant_subject: NonEmptyStr = Field(
        description="Account subject of the applicant; notify addresses in-app messages with it."
    )
    occurred_at: AwareDatetime


class DossierSubmitted(DossierEvent):
    """The applicant (or an officer at the desk, or the post room) filed the dossier."""

    procedure_version: int = Field(ge=1, description="Procedure version it is filed under (R-CAT-5).")
    channel: Channel
    applicant_kind: ApplicantKind
    applicant_name: NonEmptyStr
    submitted_at: AwareDatetime
    documents: tuple[DossierDocument, ...] = Field(
        default=(), description="Documents filed with the dossier (form printouts, attachments)."
    )


class DossierReceived(DossierEvent):
    """The desk found the dossier complete and received it; the receipt is issued (R-INT-2, R-INT-3)."""

    dossier_code: NonEmptyStr
    procedure_version: int = Field(ge=1)
    channel: Channel
    received_at: AwareDatetime
    appointment_date: date = Field(description="Date the result is promised (R-FMT-8).")
    received_by: NonEmptyStr | None = Field(
        default=None, description="Officer's subject; absent when the system received it."
    )
    payment_due: PaymentDue = Field(
        default=PaymentDue.NONE, description="Whether and when fees must be paid (R-PAY-3)."
    )


class DossierRefused(DossierEvent):
    """Refused at the desk (out of scope or invalid, R-INT-3) or after appraisal (not eligible, R-PROC-7)."""

    at_desk: bool = Field(description="True: the desk refused to receive it; false: refused after appraisal.")
    reasons: tuple[NonEmptyStr, ...] = Field(min_length=1)
    decided_by: NonEmptyStr = Field(description="Officer's subject.")
    letter_document_id: UUID | None = Field(default=None, description="The refusal letter (Phiếu từ chối).")


class SupplementItem(EventPayload):
    """One thing to supplement or correct, with why and how (R-INT-3)."""

    component_code: NonEmptyStr | None = Field(
        default=None, description="The dossier component concerned, if the request is about one."
    )
    name: NonEmptyStr
    reason: NonEmptyStr
    guidance: NonEmptyStr


class DossierSupplementRequested(DossierEvent):
    """The desk (R-INT-3) or the appraising officer (R-PROC-3) asks for everything missing, at once."""

    at_desk: bool = Field(description="True: asked by the desk; false: asked after appraisal.")
    items: tuple[SupplementItem, ...] = Field(min_length=1)
    requested_by: NonEmptyStr = Field(description="Officer's subject.")
    letter_document_id: UUID | None = Field(
        default=None, description="The request letter (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)."
    )


class DossierSupplemented(DossierEvent):
    """The applicant supplied what was asked; the dossier goes back to whoever asked."""

    next_status: Literal[DossierStatus.SUBMITTED, DossierStatus.PROCESSING] = Field(
        description="submitted after a desk request, processing after an appraisal request."
    )
    attachment_ids: tuple[UUID, ...] = ()
    supplemented_at: AwareDatetime
    documents: tuple[DossierDocument, ...] = Field(
        default=(), description="The supplied documents, named (the same ones as `attachment_ids`)."
    )


class DossierProcessingStarted(DossierEvent):
    """The competent agency started (or resumed) processing the dossier."""

    dossier_code: NonEmptyStr
    process_instance_id: UUID | None = None
    due_date: date | None = Field(default=None, description="Statutory end date of processing.")


class DossierWithdrawn(DossierEvent):
    """The applicant withdrew the dossier before it was resolved."""

    previous_status: DossierStatus = Field(description="Status the dossier was withdrawn from.")
    reason: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _withdrawable(self) -> Self:
        if not can_transition(self.previous_status, DossierStatus.WITHDRAWN):
            raise ValueError(f"a dossier cannot be withdrawn from {self.previous_status.value!r}")
        return self


class DossierResolved(DossierEvent):
    """The dossier was approved and its result produced (R-RES-1)."""

    dossier_code: NonEmptyStr
    decided_by: NonEmptyStr = Field(description="Subject of the officer who approved it.")
    result_document_ids: tuple[UUID, ...] = ()
    result_documents: tuple[DossierDocument, ...] = Field(
        default=(), description="The result documents, named (the same ones as `result_document_ids`)."
    )
    appointment_date: date = Field(description="The appointment date in force (after any extension).")
    on_time: bool = Field(description="Resolved on or before the appointment date (R-STAT-6).")


class DossierReturned(DossierEvent):
    """The result was handed over at the desk, sent by post or delivered online (R-RES-1)."""

    dossier_code: NonEmptyStr
    return_channel: Channel
    returned_by: NonEmptyStr | None = Field(default=None, description="Officer's subject, if any.")


class DossierStopped(DossierEvent):
    """Processing was stopped, with its reason (Thông báo dừng giải quyết hồ sơ)."""

    dossier_code: NonEmptyStr
    reason: NonEmptyStr
    decided_by: NonEmptyStr = Field(description="Officer's subject.")


class DossierExtended(DossierEvent):
    """The appointment date was moved, once, with an apology letter (R-PROC-8)."""

    dossier_code: NonEmptyStr
    previous_appointment_date: date
    new_appointment_date: date
    reason: NonEmptyStr
    apology_document_id: UUID | None = Field(
        default=None, description="The apology letter (Phiếu xin lỗi và hẹn lại ngày trả kết quả)."
    )

    @model_validator(mode="after")
    def _new_date_is_later(self) -> Self:
        if self.new_appointment_date <= self.previous_appointment_date:
            raise ValueError("new_appointment_date must be after previous_appointment_date")
        return self


class ProcessStarted(EventPayload):
    """Workflow started a process instance for a dossier."""

    dossier_id: UUID
    dossier_code: NonEmptyStr | None = None
    process_instance_id: UUID
    agency_code: NonEmptyStr
    applicant_subject: NonEmptyStr
    started_at: AwareDatetime
