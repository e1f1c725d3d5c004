"""Giấy tiếp nhận hồ sơ và hẹn trả kết quả — the receipt with the appointment date (form 01)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from contracts.lifecycle import Channel
from intake.letters.common import applicant_block, result_place
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
    vn_date,
    vn_datetime,
)
from servicekit.documents.checks import aware, dossier_code_text

__all__ = ["ReceiptCopy", "ReceiptLetter", "ReceivedComponent", "render_receipt"]

TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
FORM = "Mẫu số 01, Thông tư 01/2018/TT-VPCP (Mẫu số 01, Thông tư 03/2025/TT-VPCP)"
NOTES = (
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo Phiếu kiểm soát"
    " quá trình giải quyết hồ sơ và được lưu tại Bộ phận tiếp nhận và trả kết quả; một liên giao cho cá nhân,"
    " tổ chức nộp hồ sơ;",
    "Cá nhân, tổ chức có thể đăng ký nhận kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc tại nhà"
    " (trụ sở tổ chức) qua dịch vụ bưu chính.",
)
_COLUMNS = (
    Column("TT", 1.0, "C"),
    Column("Tên giấy tờ", 6.2),
    Column("Bản chính", 1.5, "C"),
    Column("Bản sao", 1.5, "C"),
    Column("Bản điện tử", 1.7, "C"),
)


class ReceiptCopy(StrEnum):
    """Which of the two copies (liên) this is."""

    ARCHIVE = "archive"
    APPLICANT = "applicant"

    @property
    def label(self) -> str:
        return "Liên 1: Lưu" if self is ReceiptCopy.ARCHIVE else "Liên 2: Giao người nộp hồ sơ"


@dataclass(frozen=True, slots=True)
class ReceivedComponent:
    """One dossier component received (thành phần hồ sơ): how many originals, copies and files."""

    name: str
    originals: int = 0
    copies: int = 0
    electronic_files: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", data_text(self.name, field="component.name"))
        counts = (self.originals, self.copies, self.electronic_files)
        if any(not isinstance(n, int) or n < 0 for n in counts) or not any(counts):
            raise ValueError(f"component {self.name!r}: counts must be whole numbers, at least one above 0")


@dataclass(frozen=True, slots=True)
class ReceiptLetter:
    """Everything form 01 prints, from the dossier row and its reception (R-INT-2, R-FMT-2, R-FMT-8).

    `received_by` is None when the system received an online dossier itself; `appointment_time`
    is printed when the agency announces an hour; `result_postal_address` is required when the
    result goes by post; `logbook_volume`/`logbook_entry` print the "Vào Sổ theo dõi hồ sơ" line.
    """

    dossier_code: str
    agency: Agency
    applicant: Applicant
    procedure_name: str
    components: tuple[ReceivedComponent, ...]
    processing_days: int
    received_at: datetime
    appointment_date: date
    reception_channel: Channel
    result_channel: Channel
    received_by: Officer | None = None
    dossier_sets: int = 1
    appointment_time: time | None = None
    result_postal_address: str | None = None
    copy: ReceiptCopy = ReceiptCopy.APPLICANT
    logbook_volume: str | None = None
    logbook_entry: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "dossier_code", dossier_code_text(self.dossier_code))
        set_(self, "procedure_name", data_text(self.procedure_name, field="procedure_name"))
        set_(self, "components", tuple(self.components))
        if not self.components:
            raise ValueError("a receipt lists at least one component received")
        if self.processing_days < 0 or self.dossier_sets < 1:
            raise ValueError("processing_days must be >= 0 and dossier_sets >= 1")
        aware(self.received_at, "received_at")
        if self.appointment_date < self.received_at.astimezone(VN_TZ).date():
            raise ValueError("appointment_date is before the reception date")
        set_(self, "reception_channel", Channel(self.reception_channel))
        set_(self, "result_channel", Channel(self.result_channel))
        address = optional_data_text(self.result_postal_address, field="result_postal_address")
        if self.result_channel is Channel.POSTAL and address is None:
            raise ValueError("a result sent by post needs result_postal_address")
        set_(self, "result_postal_address", address)
        set_(self, "copy", ReceiptCopy(self.copy))
        set_(
            self,
            "logbook_volume",
            optional_data_text(self.logbook_volume, field="logbook_volume", max_length=40),
        )


def render_receipt(letter: ReceiptLetter) -> bytes:
    """Form 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as PDF bytes.

    Implements Mẫu số 01 of Thông tư 01/2018/TT-VPCP (kept as Mẫu số 01 by Thông tư 03/2025/TT-VPCP),
    issued under Nghị định 61/2018/NĐ-CP Điều 17.2c and 19 (seeds/002, QĐ 352/QĐ-BHXH excerpt);
    the dossier code is printed and encoded as a QR code (TT 01/2018 Điều 19, R-FMT-2). The same
    letter always renders to the same bytes.
    """
    received_on = letter.received_at.astimezone(VN_TZ).date()
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE} — {letter.dossier_code}",
            subject=FORM,
            author=letter.agency.name,
            keywords=tuple(k for k in (letter.dossier_code, letter.agency.code) if k),
            created_at=letter.received_at,
        )
    )
    doc.national_header(letter.agency.desk_header(issued_on=received_on))
    doc.heading(
        TITLE,
        [(f"Mã hồ sơ: {letter.dossier_code}", "B"), (f"({letter.copy.label})", "I")],
        qr_payload=letter.dossier_code,
    )

    doc.field(letter.agency.desk_name, letter.agency.name)
    applicant_block(doc, letter.applicant, label="Tiếp nhận hồ sơ của")
    doc.field("Nội dung yêu cầu giải quyết", letter.procedure_name)
    doc.runs([("1. Thành phần hồ sơ nộp gồm:", "")])
    doc.table(_COLUMNS, [_component_row(i, c) for i, c in enumerate(letter.components, start=1)])
    doc.field("2. Số lượng hồ sơ", f"{letter.dossier_sets:02d} (bộ)")
    doc.field("3. Thời gian giải quyết hồ sơ theo quy định là", f"{letter.processing_days} ngày làm việc")
    doc.field("4. Thời gian nhận hồ sơ", vn_datetime(letter.received_at))
    doc.field("5. Thời gian trả kết quả giải quyết hồ sơ", _appointment(letter))
    doc.field(
        "6. Đăng ký nhận kết quả tại",
        result_place(letter.agency, letter.result_channel, letter.result_postal_address),
    )
    if letter.logbook_volume or letter.logbook_entry is not None:
        doc.runs(
            [
                ("Vào Sổ theo dõi hồ sơ, Quyển số: ", ""),
                (letter.logbook_volume or "—", "B"),
                (", Số thứ tự: ", ""),
                (str(letter.logbook_entry) if letter.logbook_entry is not None else "—", "B"),
            ]
        )
    doc.signatures(_signatures(letter))
    doc.paragraph("Ghi chú:", style="BI", indent=False, size=11)
    for note in NOTES:
        doc.paragraph(f"- {note}", indent=False, size=10)
    if letter.received_by is None:
        doc.paragraph(
            "Hồ sơ được tiếp nhận tự động trên Hệ thống thông tin một cửa điện tử; Giấy này do Hệ thống cấp.",
            style="I",
            indent=False,
            size=10,
        )
    return doc.output()


def _component_row(index: int, component: ReceivedComponent) -> list[str]:
    def count(n: int) -> str:
        return str(n) if n else "—"

    return [
        str(index),
        component.name,
        count(component.originals),
        count(component.copies),
        count(component.electronic_files),
    ]


def _appointment(letter: ReceiptLetter) -> str:
    if letter.appointment_time is None:
        return vn_date(letter.appointment_date)
    at = datetime.combine(letter.appointment_date, letter.appointment_time, tzinfo=VN_TZ)
    return vn_datetime(at)


def _signatures(letter: ReceiptLetter) -> list[SignatureBlock]:
    blocks = []
    if letter.reception_channel is not Channel.ONLINE:
        blocks.append(SignatureBlock("Người nộp hồ sơ"))
    if letter.received_by is not None:
        blocks.append(SignatureBlock("Người tiếp nhận hồ sơ", name=letter.received_by.name))
    return blocks
