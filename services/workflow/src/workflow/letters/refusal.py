"""Phiếu từ chối giải quyết hồ sơ after appraisal — the agency does not resolve the dossier (R-PROC-7)."""

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

__all__ = ["RefusalAfterAppraisal", "render_refusal_after_appraisal"]

TITLE = "Phiếu từ chối giải quyết hồ sơ"
FORM = "Mẫu số 03, Thông tư 01/2018/TT-VPCP (Mẫu số 03, Thông tư 03/2025/TT-VPCP), sau thẩm định"


@dataclass(frozen=True, slots=True)
class RefusalAfterAppraisal:
    """What the refusal after appraisal prints: the dossier and every reason, in order (R-PROC-7)."""

    agency: Agency
    dossier: DossierRef
    reasons: tuple[str, ...]
    refused_at: datetime
    signer: Officer
    document_number: str | None = None

    def __post_init__(self) -> None:
        reasons = tuple(data_text(r, field="reason", max_length=2000) for r in self.reasons)
        if not reasons:
            raise ValueError("a refusal states its reasons (R-PROC-7)")
        object.__setattr__(self, "reasons", reasons)
        number = optional_data_text(self.document_number, field="document_number", max_length=60)
        object.__setattr__(self, "document_number", number)
        aware(self.refused_at, "refused_at")
        if self.refused_at < self.dossier.received_at:
            raise ValueError("a dossier is refused after it was received")


def render_refusal_after_appraisal(letter: RefusalAfterAppraisal) -> bytes:
    """The agency's refusal to resolve a dossier after appraisal, as PDF bytes.

    Nghị định 61/2018/NĐ-CP Điều 19.8 (seeds/002): a dossier found not eligible after appraisal is
    returned "kèm thông báo bằng văn bản nêu rõ lý do không giải quyết hồ sơ theo mẫu Phiếu từ chối
    giải quyết hồ sơ", sent through the one-stop desk within the time limit. Laid out on Mẫu số 03 of
    Thông tư 01/2018/TT-VPCP, issued and signed by the agency; the dossier code is printed and
    encoded as a QR code.
    """
    agency, dossier, salutation = letter.agency, letter.dossier, letter.dossier.applicant.salutation
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE} — {dossier.dossier_code}",
            subject=FORM,
            author=agency.name,
            keywords=tuple(k for k in (dossier.dossier_code, agency.code) if k),
            created_at=letter.refused_at,
        )
    )
    issued_on = letter.refused_at.astimezone(VN_TZ).date()
    doc.national_header(agency.agency_header(issued_on=issued_on, number=letter.document_number))
    doc.heading(TITLE, qr_payload=dossier.dossier_code)
    dossier_paragraphs(doc, agency, dossier)
    doc.paragraph(
        f"Qua thẩm định, {agency.name} thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:"
    )
    for index, reason in enumerate(letter.reasons, start=1):
        doc.runs([(f"{index}. ", ""), (reason, "B")], indent=10)
    doc.paragraph(f"Xin thông báo cho {salutation} được biết và thực hiện./.")
    capacity = letter.signer.position or "Thủ trưởng cơ quan"
    doc.closing(
        recipients(agency),
        SignatureBlock(capacity, hint="(Ký, ghi rõ họ tên và đóng dấu)", name=letter.signer.name),
    )
    return doc.output()
