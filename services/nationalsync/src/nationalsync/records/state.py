"""What nationalsync knows of one dossier, as plain immutable data (no I/O)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus, NationalStatus, national_status

#: TrangThaiHoSo values only a received dossier has: the hub requires NgayTiepNhan and NgayHenTra.
RECEIVED_NATIONAL_STATUSES = frozenset(
    {
        NationalStatus.RECEIVED,
        NationalStatus.PROCESSING,
        NationalStatus.FINANCIAL_OBLIGATION_REQUESTED,
        NationalStatus.STOPPED,
        NationalStatus.RESOLVED,
        NationalStatus.RESULT_RETURNED,
    }
)


@dataclass(frozen=True)
class Document:
    """A submitted or result document as the national record lists it."""

    document_id: str
    name: str
    component_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "name": self.name, "component_code": self.component_code}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        return cls(data["document_id"], data["name"], data.get("component_code"))


@dataclass(frozen=True)
class Fee:
    """A fee or charge (phí, lệ phí) of the dossier, in VND."""

    name: str
    amount: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "amount": self.amount}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fee:
        return cls(data["name"], int(data["amount"]))


@dataclass(frozen=True)
class RecordState:
    """The dossier's national record in the making; fields stay None until an event tells them."""

    dossier_id: uuid.UUID
    agency_code: str
    dossier_code: str | None = None
    procedure_code: str | None = None
    procedure_version: int | None = None
    applicant_name: str | None = None
    applicant_kind: ApplicantKind | None = None
    channel: Channel | None = None
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    appointment_date: date | None = None
    due_date: date | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    status: DossierStatus | None = None
    refused_at_desk: bool = False
    #: When the current status was entered, and whether a payment event (not the dossier topic) set it.
    status_at: datetime | None = None
    status_from_payment: bool = False
    #: Where a successful payment takes the dossier back to (COORDINATION: intake's public status).
    status_before_payment: DossierStatus | None = None
    documents: tuple[Document, ...] = ()
    result_documents: tuple[Document, ...] = ()
    fees: tuple[Fee, ...] = ()
    fees_paid: bool = False
    payment_id: uuid.UUID | None = None

    @property
    def national_status(self) -> NationalStatus | None:
        """TrangThaiHoSo (R-FMT-4): a desk refusal is 3, a refusal after appraisal 8."""
        if self.status is None or self.status is DossierStatus.DRAFT:
            return None
        return national_status(self.status, refused_at_desk=self.refused_at_desk)

    def national_view(self) -> tuple[Any, ...]:
        """Everything of the state the national record shows: a push is due when it changes."""
        return (
            self.dossier_code,
            self.agency_code,
            self.procedure_code,
            self.procedure_version,
            self.applicant_name,
            self.applicant_kind,
            self.channel,
            self.received_at,
            self.appointment_date,
            self.returned_at,
            self.national_status,
            self.documents,
            self.result_documents,
            self.fees,
            self.fees_paid,
        )

    def missing_for_push(self) -> list[str]:
        """National fields the hub requires that no event has told yet (the push waits for them).

        The procedure's name is not among them: it is looked up when the record is sent.
        """
        missing = []
        if not self.dossier_code:
            missing.append("MaHoSo")
        if not self.procedure_code:
            missing.append("MaTTHC")
        if not self.applicant_name:
            missing.append("ChuHoSo")
        if self.applicant_kind is None:
            missing.append("LoaiDoiTuong")
        if self.channel is None:
            missing.append("HinhThuc")
        if self.national_status is None:
            missing.append("TrangThaiHoSo")
        elif self.national_status in RECEIVED_NATIONAL_STATUSES:
            # e.g. a payment order overtook the reception event on its way here
            if self.received_at is None:
                missing.append("NgayTiepNhan")
            if self.appointment_date is None:
                missing.append("NgayHenTra")
        return missing
