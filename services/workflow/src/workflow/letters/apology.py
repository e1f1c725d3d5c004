"""Phiếu xin lỗi và hẹn lại ngày trả kết quả — apology with the new appointment date (form 04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from servicekit.calendar import VN_TZ
from servicekit.documents import (
    Agency,
    DocumentInfo,
    LegalDocument,
    Officer,
    SignatureBlock,
    data_text,
    optional_data_text,
    vn_date,
)
from servicekit.documents.checks import aware
from workflow.letters.common import DossierRef, dossier_paragraphs, recipients

__all__ = ["ApologyLetter", "render_apology"]

TITLE = "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
FORM = (
    "Mẫu số 04, Thông tư 01/2018/TT-VPCP"
    " (Mẫu số 04, Thông tư 03/2025/TT-VPCP: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết)"
)


@dataclass(frozen=True, slots=True)
class ApologyLetter:
    """What form 04 prints when the agency cannot meet the appointment date (R-PROC-8).

    `issued_at` is when the extension was recorded (it dates the letter and must fall before the
    old appointment date); `new_appointment_date` must be later than `previous_appointment_date`.
    `signer` is the head of the agency (or deputy) whose position heads the signature.
    """

    agency: Agency
    dossier: DossierRef
    previous_appointment_date: date
    new_appointment_date: date
    reason: str
    issued_at: datetime
    signer: Officer
    document_number: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", data_text(self.reason, field="reason", max_length=2000))
        number = optional_data_text(self.document_number, field="document_number", max_length=60)
        object.__setattr__(self, "document_number", number)
        aware(self.issued_at, "issued_at")
        if self.new_appointment_date <= self.previous_appointment_date:
            raise ValueError("the new appointment date must be after the previous one (R-PROC-8)")
        if self.issued_at.astimezone(VN_TZ).date() >= self.previous_appointment_date:
            raise ValueError("the apology is issued before the appointment date it moves (R-PROC-8)")


def render_apology(letter: ApologyLetter) -> bytes:
    """Form 04 "Phiếu xin lỗi và hẹn lại ngày trả kết quả" as PDF bytes.

    Implements Mẫu số 04 of Thông tư 01/2018/TT-VPCP (Mẫu số 04 of Thông tư 03/2025/TT-VPCP,
    "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"), which Nghị định 61/2018/NĐ-CP
    Điều 19.9 requires at least one day before the deadline, with the reason and the new date
    (seeds/002, QĐ 352/QĐ-BHXH excerpt). The dossier code is printed and encoded as a QR code.
    """
    agency, dossier, salutation = letter.agency, letter.dossier, letter.dossier.applicant.salutation
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE} — {dossier.dossier_code}",
            subject=FORM,
            author=agency.name,
            keywords=tuple(k for k in (dossier.dossier_code, agency.code) if k),
            created_at=letter.issued_at,
        )
    )
    doc.national_header(
        agency.agency_header(
            issued_on=letter.issued_at.astimezone(VN_TZ).date(), number=letter.document_number
        )
    )
    doc.heading(TITLE, qr_payload=dossier.dossier_code)
    dossier_paragraphs(doc, agency, dossier)
    doc.field("Thời hẹn trả kết quả giải quyết hồ sơ", vn_date(letter.previous_appointment_date), indent=10)
    doc.paragraph(
        f"Tuy nhiên đến nay, {agency.name} chưa trả được kết quả giải quyết hồ sơ của {salutation}"
        " đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
    )
    doc.field("Lý do", letter.reason, indent=10)
    doc.paragraph(
        f"Sự chậm trễ này đã gây phiền hà cho {salutation}. {agency.name} xin lỗi {salutation}"
        f" và sẽ trả kết quả giải quyết hồ sơ cho {salutation} vào {vn_date(letter.new_appointment_date)}."
    )
    doc.paragraph(f"Xin trân trọng cảm ơn sự hợp tác của {salutation}./.")
    capacity = letter.signer.position or "Thủ trưởng cơ quan"
    doc.closing(
        recipients(agency),
        SignatureBlock(capacity, hint="(Ký, ghi rõ họ tên và đóng dấu)", name=letter.signer.name),
    )
    return doc.output()
