"""Event payloads of one dossier's life, as intake, workflow and payments emit them (tests only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_SUPPLEMENTED,
    DOSSIER_WITHDRAWN,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    PROCESS_PROGRESSED,
    DossierDocument,
    DossierExtended,
    DossierProcessingStarted,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierReturned,
    DossierStopped,
    DossierSubmitted,
    DossierSupplemented,
    DossierSupplementRequested,
    DossierWithdrawn,
    FeeLine,
    PaymentMethod,
    PaymentRequested,
    PaymentSucceeded,
    PaymentWaived,
    ProcessAction,
    ProcessProgressed,
    SupplementItem,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus

AGENCY = "000.00.00.G12"
PROCEDURE = "1.005129"
OFFICER = "officer-bmc-01"
LEADER = "leader-01"
# 09:30 in Hà Nội on Friday 13 February 2026.
T0 = datetime(2026, 2, 13, 2, 30, tzinfo=UTC)


@dataclass
class Life:
    """One dossier: builds its events in order, each a minute after the previous one."""

    agency: str = AGENCY
    procedure: str = PROCEDURE
    procedure_version: int = 2
    sequence: int = 7
    dossier_id: uuid.UUID = field(default_factory=uuid.uuid4)
    applicant: str = field(default_factory=lambda: f"citizen-{uuid.uuid4()}")
    applicant_name: str = "Nguyễn Văn An"
    kind: ApplicantKind = ApplicantKind.CITIZEN
    channel: Channel = Channel.ONLINE
    start: datetime = T0
    step: int = 0
    payment_id: uuid.UUID = field(default_factory=uuid.uuid4)
    appointment: date = date(2026, 2, 27)

    @property
    def code(self) -> str:
        local = self.start + timedelta(hours=7)
        return f"{self.agency}-{local:%y%m%d}-{self.sequence:04d}"

    def at(self) -> datetime:
        self.step += 1
        return self.start + timedelta(minutes=self.step)

    def common(self, *, with_code: bool = True) -> dict[str, Any]:
        return {
            "dossier_id": self.dossier_id,
            "dossier_code": self.code if with_code else None,
            "agency_code": self.agency,
            "procedure_code": self.procedure,
            "applicant_subject": self.applicant,
            "occurred_at": self.at(),
        }

    def submitted(self, *, with_code: bool = False) -> tuple[str, BaseModel]:
        common = self.common(with_code=with_code)
        return DOSSIER_SUBMITTED, DossierSubmitted(
            **common,
            procedure_version=self.procedure_version,
            channel=self.channel,
            applicant_kind=self.kind,
            applicant_name=self.applicant_name,
            submitted_at=common["occurred_at"],
            documents=(
                DossierDocument(
                    document_id=uuid.UUID(int=1), name="Tờ khai đăng ký khai sinh", component_code="TP01"
                ),
            ),
        )

    def received(self, *, appointment: date | None = None, by: str | None = OFFICER) -> tuple[str, BaseModel]:
        common = self.common()
        return DOSSIER_RECEIVED, DossierReceived(
            **common,
            procedure_version=self.procedure_version,
            channel=self.channel,
            received_at=common["occurred_at"],
            appointment_date=appointment or self.appointment,
            received_by=by,
        )

    def refused(self, *, at_desk: bool) -> tuple[str, BaseModel]:
        return DOSSIER_REFUSED, DossierRefused(
            **self.common(), at_desk=at_desk, reasons=("Không thuộc thẩm quyền",), decided_by=OFFICER
        )

    def supplement_requested(self, *, at_desk: bool = False) -> tuple[str, BaseModel]:
        item = SupplementItem(name="Bản sao giấy khai sinh", reason="Không rõ nét", guidance="Nộp bản rõ nét")
        return DOSSIER_SUPPLEMENT_REQUESTED, DossierSupplementRequested(
            **self.common(), at_desk=at_desk, items=(item,), requested_by=OFFICER
        )

    def supplemented(self, *, next_status: DossierStatus = DossierStatus.PROCESSING) -> tuple[str, BaseModel]:
        common = self.common()
        return DOSSIER_SUPPLEMENTED, DossierSupplemented(
            **common,
            next_status=next_status,  # type: ignore[arg-type]
            attachment_ids=(uuid.UUID(int=2),),
            supplemented_at=common["occurred_at"],
        )

    def processing(self, *, due: date | None = None) -> tuple[str, BaseModel]:
        due = due or self.appointment - timedelta(days=1)
        return DOSSIER_PROCESSING_STARTED, DossierProcessingStarted(**self.common(), due_date=due)

    def withdrawn(self, previous: DossierStatus = DossierStatus.PROCESSING) -> tuple[str, BaseModel]:
        return DOSSIER_WITHDRAWN, DossierWithdrawn(
            **self.common(), previous_status=previous, reason="Nộp nhầm"
        )

    def resolved(self, *, on_time: bool = True) -> tuple[str, BaseModel]:
        return DOSSIER_RESOLVED, DossierResolved(
            **self.common(),
            decided_by=LEADER,
            result_document_ids=(uuid.UUID(int=3),),
            result_documents=(DossierDocument(document_id=uuid.UUID(int=3), name="Giấy khai sinh"),),
            appointment_date=self.appointment,
            on_time=on_time,
        )

    def returned(self, *, channel: Channel = Channel.DESK) -> tuple[str, BaseModel]:
        return DOSSIER_RETURNED, DossierReturned(**self.common(), return_channel=channel, returned_by=OFFICER)

    def stopped(self) -> tuple[str, BaseModel]:
        return DOSSIER_STOPPED, DossierStopped(
            **self.common(), reason="Người nộp đề nghị dừng", decided_by=LEADER
        )

    def extended(self) -> tuple[str, BaseModel]:
        return DOSSIER_EXTENDED, DossierExtended(
            **self.common(),
            previous_appointment_date=self.appointment,
            new_appointment_date=self.appointment + timedelta(days=7),
            reason="Cần xác minh thêm",
        )

    def _payment(self) -> dict[str, Any]:
        return {
            "payment_id": self.payment_id,
            "dossier_id": self.dossier_id,
            "dossier_code": self.code,
            "agency_code": self.agency,
            "applicant_subject": self.applicant,
            "occurred_at": self.at(),
        }

    def payment_requested(self) -> tuple[str, BaseModel]:
        return PAYMENT_REQUESTED, PaymentRequested(
            **self._payment(),
            amount=50000,
            fee_lines=(FeeLine(name="Lệ phí đăng ký khai sinh", amount=50000),),
            description="Lệ phí hồ sơ",
        )

    def payment_succeeded(self) -> tuple[str, BaseModel]:
        payment = self._payment()
        return PAYMENT_SUCCEEDED, PaymentSucceeded(
            **payment,
            amount=50000,
            method=PaymentMethod.ONLINE_GATEWAY,
            transaction_ref="VNP-001",
            paid_at=payment["occurred_at"],
        )

    def payment_waived(self) -> tuple[str, BaseModel]:
        return PAYMENT_WAIVED, PaymentWaived(
            **self._payment(), exemption_codes=("NCC",), reason="Người có công với cách mạng"
        )

    def progressed(
        self,
        action: ProcessAction = ProcessAction.APPRAISED,
        *,
        unit: str = "000.00.18.G12",
        officer: str | None = "specialist-07",
        officer_name: str | None = "Lê Văn Cường",
        content: str | None = "Hồ sơ đủ điều kiện",
    ) -> tuple[str, BaseModel]:
        common = self.common()
        return PROCESS_PROGRESSED, ProcessProgressed(
            **common,
            process_instance_id=uuid.UUID(int=9),
            action=action,
            step_title="Thẩm định hồ sơ",
            handling_agency_code=unit,
            officer_subject=officer,
            officer_name=officer_name,
            content=content,
            national_status=4,
            step_started_at=common["occurred_at"],
            step_due_date=self.appointment - timedelta(days=3),
            process_due_date=self.appointment - timedelta(days=1),
        )
