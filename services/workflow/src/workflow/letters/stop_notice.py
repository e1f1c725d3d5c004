"""Thông báo dừng giải quyết hồ sơ — the agency stops processing a dossier, with its reason (form 05)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit.calendar import VN_TZ
from servicekit.documents import (
    Agency,
    DocumentInfo,
    LegalDocument,
    Officer,
    SignatureBlock,
    data_text,
    optional_data_text,
)
from servicekit.documents.checks import aware
from workflow.letters.common import DossierRef, dossier_paragraphs, recipients

__all__ = ["StopNotice", "render_stop_notice"]

TITLE = "Thông báo"
SUBJECT_LINE = "Về việc dừng giải quyết hồ sơ"
FORM = "Mẫu số 05, Thông tư 03/2025/TT-VPCP (Thông báo dừng giải quyết hồ sơ)"


@dataclass(frozen=True, slots=True)
class StopNotice:
    """What form 05 prints when processing stops (national status 8, `dossier.stopped`).

    `legal_basis` names the provision the stop rests on, when there is one; `fees_refunded` says
    whether fees already paid are refunded (R-PAY-4: yes when the service could not be performed).
    """

    agency: Agency
    dossier: DossierRef
    reason: str
    stopped_at: datetime
    signer: Officer
    legal_basis: str | None = None
    fees_refunded: bool = False
    document_number: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", data_text(self.reason, field="reason", max_length=2000))
        basis = optional_data_text(self.legal_basis, field="legal_basis", max_length=500)
        object.__setattr__(self, "legal_basis", basis)
        number = optional_data_text(self.document_number, field="document_number", max_length=60)
        object.__setattr__(self, "document_number", number)
        aware(self.stopped_at, "stopped_at")
        if self.stopped_at < self.dossier.received_at:
            raise ValueError("a dossier is stopped after it was received")


def render_stop_notice(notice: StopNotice) -> bytes:
    """Form 05 "Thông báo dừng giải quyết hồ sơ" as PDF bytes.

    Implements Mẫu số 05 of Thông tư 03/2025/TT-VPCP (named in DOMAIN "Newer law"; the seeds
    predate it): an administrative notice laid out as Decree 30/2020 asks (name of the document
    type, then its subject line), addressed to the applicant, with the dossier code as text and QR
    code, the reason and, where it applies, the provision it rests on and the refund of fees.
    """
    agency, dossier, salutation = notice.agency, notice.dossier, notice.dossier.applicant.salutation
    doc = LegalDocument(
        DocumentInfo(
            title=f"Thông báo dừng giải quyết hồ sơ — {dossier.dossier_code}",
            subject=FORM,
            author=agency.name,
            keywords=tuple(k for k in (dossier.dossier_code, agency.code) if k),
            created_at=notice.stopped_at,
        )
    )
    doc.national_header(
        agency.agency_header(
            issued_on=notice.stopped_at.astimezone(VN_TZ).date(), number=notice.document_number
        )
    )
    doc.heading(TITLE, [(SUBJECT_LINE, "B")], qr_payload=dossier.dossier_code)
    dossier_paragraphs(doc, agency, dossier)
    doc.paragraph(f"{agency.name} thông báo dừng giải quyết hồ sơ nêu trên.")
    doc.field("Lý do", notice.reason, indent=10)
    if notice.legal_basis:
        doc.field("Căn cứ", notice.legal_basis, indent=10, value_style="")
    if notice.fees_refunded:
        doc.paragraph(f"Phí, lệ phí {salutation} đã nộp cho hồ sơ này được hoàn trả theo quy định.")
    doc.paragraph(
        f"{salutation} liên hệ {agency.desk_name}, {agency.name}"
        + (f" (số điện thoại {agency.phone})" if agency.phone else "")
        + " nếu cần được hướng dẫn thêm."
    )
    doc.paragraph(f"Xin thông báo để {salutation} được biết./.")
    capacity = notice.signer.position or "Thủ trưởng cơ quan"
    doc.closing(
        recipients(agency),
        SignatureBlock(capacity, hint="(Ký, ghi rõ họ tên và đóng dấu)", name=notice.signer.name),
    )
    return doc.output()
