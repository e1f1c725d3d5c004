"""Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — everything to supplement, at once (form 02)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from intake.letters.common import applicant_block
from servicekit.calendar import VN_TZ
from servicekit.documents import (
    Agency,
    Applicant,
    Column,
    DocumentInfo,
    LegalDocument,
    Officer,
    SignatureBlock,
    data_text,
    optional_data_text,
    vn_datetime,
)
from servicekit.documents.checks import aware, dossier_code_text

__all__ = ["SupplementItem", "SupplementRequestLetter", "render_supplement_request"]

TITLE = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
FORM = "Mẫu số 02, Thông tư 01/2018/TT-VPCP (Mẫu số 02, Thông tư 03/2025/TT-VPCP)"
RESTART = "Thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ hồ sơ."
_COLUMNS = (
    Column("TT", 0.9, "C"),
    Column("Nội dung cần bổ sung, hoàn thiện", 3.6),
    Column("Lý do", 3.2),
    Column("Hướng dẫn", 3.6),
)


@dataclass(frozen=True, slots=True)
class SupplementItem:
    """One thing to supplement or correct, with why and how (`contracts.events.dossier.SupplementItem`)."""

    name: str
    reason: str
    guidance: str
    component_code: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", data_text(self.name, field="item.name"))
        object.__setattr__(self, "reason", data_text(self.reason, field="item.reason", max_length=2000))
        object.__setattr__(self, "guidance", data_text(self.guidance, field="item.guidance", max_length=2000))
        code = optional_data_text(self.component_code, field="item.component_code", max_length=40)
        object.__setattr__(self, "component_code", code)


@dataclass(frozen=True, slots=True)
class SupplementRequestLetter:
    """What form 02 prints (R-INT-3 at the desk, R-PROC-3 after appraisal).

    `at_desk` says who asks: the desk before reception (no dossier code yet, `dossier_code` None)
    or the competent agency after appraisal (then `dossier_code` and `received_at` are known and
    the letter says the time limit restarts). `contact_phone` defaults to the agency's desk phone.
    """

    agency: Agency
    applicant: Applicant
    procedure_name: str
    items: tuple[SupplementItem, ...]
    requested_at: datetime
    requested_by: Officer
    at_desk: bool = True
    dossier_code: str | None = None
    received_at: datetime | None = None
    contact_phone: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "procedure_name", data_text(self.procedure_name, field="procedure_name"))
        set_(self, "items", tuple(self.items))
        if not self.items:
            raise ValueError("a supplement request lists every item to supplement, at least one (R-INT-3)")
        aware(self.requested_at, "requested_at")
        if self.dossier_code is not None:
            set_(self, "dossier_code", dossier_code_text(self.dossier_code))
        if self.received_at is not None:
            aware(self.received_at, "received_at")
        phone = optional_data_text(self.contact_phone, field="contact_phone", max_length=40)
        set_(self, "contact_phone", phone or self.agency.phone)


def render_supplement_request(letter: SupplementRequestLetter) -> bytes:
    """Form 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" as PDF bytes.

    Implements Mẫu số 02 of Thông tư 01/2018/TT-VPCP (Mẫu số 02 of Thông tư 03/2025/TT-VPCP), which
    Nghị định 61/2018/NĐ-CP Điều 17.2a (desk) and 19.4 (after appraisal) require (seeds/002): every
    item with its reason and guidance, listed once ("đầy đủ một lần"), with the dossier code as
    text and QR code when the dossier already has one.
    """
    issued_on = letter.requested_at.astimezone(VN_TZ).date()
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE}{' — ' + letter.dossier_code if letter.dossier_code else ''}",
            subject=FORM,
            author=letter.agency.name,
            keywords=tuple(k for k in (letter.dossier_code, letter.agency.code) if k),
            created_at=letter.requested_at,
        )
    )
    header = letter.agency.desk_header if letter.at_desk else letter.agency.agency_header
    doc.national_header(header(issued_on=issued_on))
    code = letter.dossier_code
    doc.heading(TITLE, [(f"Mã hồ sơ: {code}", "B")] if code else [], qr_payload=code)

    applicant_block(doc, letter.applicant, label="Hồ sơ của")
    doc.field("Nội dung yêu cầu giải quyết", letter.procedure_name)
    if letter.received_at is not None:
        doc.field("Thời gian tiếp nhận hồ sơ", vn_datetime(letter.received_at))
    doc.runs([("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", "")])
    rows = [[str(i), item.name, item.reason, item.guidance] for i, item in enumerate(letter.items, start=1)]
    doc.table(_COLUMNS, rows)
    doc.paragraph(
        f"Các nội dung trên được hướng dẫn đầy đủ một lần. {letter.applicant.salutation} bổ sung, hoàn thiện"
        " hồ sơ theo hướng dẫn và nộp lại qua Cổng Dịch vụ công hoặc tại "
        f"{letter.agency.desk_name}, {letter.agency.name}." + ("" if letter.at_desk else f" {RESTART}")
    )
    contact = f"{letter.requested_by.name}"
    contact += (
        f", số điện thoại {letter.contact_phone}" if letter.contact_phone else f", {letter.agency.desk_name}"
    )
    doc.paragraph(
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, "
        f"{letter.applicant.salutation.lower()} liên hệ với {contact} để được hướng dẫn./."
    )
    doc.signatures([SignatureBlock("Người hướng dẫn", name=letter.requested_by.name)])
    return doc.output()
