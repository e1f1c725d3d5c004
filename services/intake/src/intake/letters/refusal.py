"""Phiếu từ chối tiếp nhận giải quyết hồ sơ — the desk refuses a dossier, with reasons (form 03)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake.letters.common import applicant_block
from servicekit.calendar import VN_TZ
from servicekit.documents import (
    Agency,
    Applicant,
    DocumentInfo,
    LegalDocument,
    Officer,
    SignatureBlock,
    data_text,
)
from servicekit.documents.checks import aware, dossier_code_text

__all__ = ["RefusalLetter", "render_refusal"]

TITLE = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
FORM = "Mẫu số 03, Thông tư 01/2018/TT-VPCP (Mẫu số 03, Thông tư 03/2025/TT-VPCP)"


@dataclass(frozen=True, slots=True)
class RefusalLetter:
    """What form 03 prints when the desk refuses a dossier (R-INT-3): every reason, in order.

    A dossier refused at the desk usually has no code yet; `dossier_code` is printed (and encoded
    as a QR code) when it has one, e.g. for a postal dossier registered before its check.
    """

    agency: Agency
    applicant: Applicant
    procedure_name: str
    reasons: tuple[str, ...]
    refused_at: datetime
    refused_by: Officer
    dossier_code: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "procedure_name", data_text(self.procedure_name, field="procedure_name"))
        reasons = tuple(data_text(r, field="reason", max_length=2000) for r in self.reasons)
        if not reasons:
            raise ValueError("a refusal states its reasons (R-INT-3)")
        set_(self, "reasons", reasons)
        aware(self.refused_at, "refused_at")
        if self.dossier_code is not None:
            set_(self, "dossier_code", dossier_code_text(self.dossier_code))


def render_refusal(letter: RefusalLetter) -> bytes:
    """Form 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ" as PDF bytes.

    Implements Mẫu số 03 of Thông tư 01/2018/TT-VPCP (Mẫu số 03 of Thông tư 03/2025/TT-VPCP), the
    refusal Nghị định 61/2018/NĐ-CP Điều 17.2b requires with its reasons (seeds/002).
    """
    issued_on = letter.refused_at.astimezone(VN_TZ).date()
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE}{' — ' + letter.dossier_code if letter.dossier_code else ''}",
            subject=FORM,
            author=letter.agency.name,
            keywords=tuple(k for k in (letter.dossier_code, letter.agency.code) if k),
            created_at=letter.refused_at,
        )
    )
    doc.national_header(letter.agency.desk_header(issued_on=issued_on))
    code = letter.dossier_code
    doc.heading(TITLE, [(f"Mã hồ sơ: {code}", "B")] if code else [], qr_payload=code)

    doc.field(letter.agency.desk_name, letter.agency.name)
    applicant_block(doc, letter.applicant, label="Tiếp nhận hồ sơ của")
    doc.field("Nội dung yêu cầu giải quyết", letter.procedure_name)
    doc.paragraph(
        f"Qua xem xét, {letter.agency.desk_name} thông báo không tiếp nhận, giải quyết hồ sơ này"
        " với lý do cụ thể như sau:"
    )
    for index, reason in enumerate(letter.reasons, start=1):
        doc.runs([(f"{index}. ", ""), (reason, "B")], indent=6)
    doc.paragraph(f"Xin thông báo cho {letter.applicant.salutation} được biết và thực hiện./.")
    doc.signatures([SignatureBlock("Người tiếp nhận hồ sơ", name=letter.refused_by.name)])
    return doc.output()
