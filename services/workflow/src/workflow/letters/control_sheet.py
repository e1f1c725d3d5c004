"""Phiếu kiểm soát quá trình giải quyết hồ sơ — every hand-over of a dossier and whether it was on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from servicekit.calendar import VN_TZ
from servicekit.documents import (
    Agency,
    Column,
    DocumentInfo,
    LegalDocument,
    data_text,
    optional_data_text,
    vn_date,
    vn_date_short,
    vn_datetime,
)
from servicekit.documents.checks import aware
from workflow.letters.common import DossierRef

__all__ = ["ControlSheet", "HandOver", "HandOverVerdict", "Party", "render_control_sheet"]

TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
FORM = "Mẫu số 05, Thông tư 01/2018/TT-VPCP (Mẫu số 06, Thông tư 03/2025/TT-VPCP)"
_COLUMNS = (
    Column("TT", 0.8, "C"),
    Column("Bên giao", 3.2),
    Column("Bên nhận", 3.2),
    Column("Thời gian giao, nhận hồ sơ", 2.6, "C"),
    Column("Kết quả giải quyết (trước hạn / đúng hạn / quá hạn)", 2.4, "C"),
    Column("Ghi chú", 2.2),
)


class HandOverVerdict(StrEnum):
    """How the giving step finished against its time limit (computed by workflow)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a hand-over: the unit (agency, department, desk) and the officer, when known."""

    unit: str
    officer: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", data_text(self.unit, field="party.unit", max_length=200))
        object.__setattr__(
            self, "officer", optional_data_text(self.officer, field="party.officer", max_length=120)
        )

    def text(self) -> str:
        return f"{self.unit} — {self.officer}" if self.officer else self.unit


@dataclass(frozen=True, slots=True)
class HandOver:
    """A dossier passing from one unit or officer to the next (a row of the control sheet).

    `verdict` and `due_date` judge the giving step: its time limit and whether it handed over
    before, on or after it; both are None for a hand-over no time limit applies to.
    """

    giver: Party
    receiver: Party
    handed_over_at: datetime
    verdict: HandOverVerdict | None = None
    due_date: date | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        aware(self.handed_over_at, "handed_over_at")
        if self.verdict is not None:
            object.__setattr__(self, "verdict", HandOverVerdict(self.verdict))
        object.__setattr__(self, "note", optional_data_text(self.note, field="note", max_length=1000))


@dataclass(frozen=True, slots=True)
class ControlSheet:
    """The control sheet of one dossier as of `as_of` (the time of the history it was drawn from).

    `lead_unit` decides the dossier; `coordinating_units` take part (inter-agency, R-PROC-5/6);
    `hand_overs` are in the order they happened.
    """

    agency: Agency
    dossier: DossierRef
    appointment_date: date
    lead_unit: str
    hand_overs: tuple[HandOver, ...]
    as_of: datetime
    coordinating_units: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "lead_unit", data_text(self.lead_unit, field="lead_unit", max_length=200))
        units = tuple(
            data_text(u, field="coordinating_unit", max_length=200) for u in self.coordinating_units
        )
        object.__setattr__(self, "coordinating_units", units)
        object.__setattr__(self, "hand_overs", tuple(self.hand_overs))
        aware(self.as_of, "as_of")
        times = [h.handed_over_at for h in self.hand_overs]
        if times != sorted(times):
            raise ValueError("hand-overs are listed in the order they happened")
        if times and times[-1] > self.as_of:
            raise ValueError("as_of is at or after the last hand-over")


def render_control_sheet(sheet: ControlSheet) -> bytes:
    """The control sheet "Phiếu kiểm soát quá trình giải quyết hồ sơ" as PDF bytes.

    Implements Mẫu số 05 of Thông tư 01/2018/TT-VPCP (Mẫu số 06 of Thông tư 03/2025/TT-VPCP), the
    sheet Nghị định 61/2018/NĐ-CP Điều 19.5 names for recording the hand-overs and opinions
    (seeds/002): each hand-over with its time, who gave and who received it, and whether the step
    finished before, on or after its time limit. The dossier code is printed and encoded as a QR code.
    """
    dossier = sheet.dossier
    doc = LegalDocument(
        DocumentInfo(
            title=f"{TITLE} — {dossier.dossier_code}",
            subject=FORM,
            author=sheet.agency.name,
            keywords=tuple(k for k in (dossier.dossier_code, sheet.agency.code) if k),
            created_at=sheet.as_of,
        )
    )
    doc.national_header(sheet.agency.desk_header(issued_on=sheet.as_of.astimezone(VN_TZ).date()))
    doc.heading(
        TITLE,
        [
            (f"Mã hồ sơ: {dossier.dossier_code}", "B"),
            ("(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)", "I"),
        ],
        qr_payload=dossier.dossier_code,
    )
    doc.field("Hồ sơ của", dossier.applicant.name)
    doc.field("Nội dung yêu cầu giải quyết", dossier.procedure_name)
    doc.field("Thời gian tiếp nhận", vn_datetime(dossier.received_at), value_style="")
    doc.field("Hẹn trả kết quả", vn_date(sheet.appointment_date))
    doc.field("Cơ quan (bộ phận) giải quyết hồ sơ", sheet.lead_unit)
    if sheet.coordinating_units:
        doc.field("Cơ quan phối hợp giải quyết hồ sơ", "; ".join(sheet.coordinating_units))
    doc.table(_COLUMNS, [_row(i, h) for i, h in enumerate(sheet.hand_overs, start=1)], size=11)
    if not sheet.hand_overs:
        doc.paragraph("Hồ sơ chưa được giao cho đơn vị nào.", style="I", indent=False)
    doc.paragraph(
        "Phiếu do Hệ thống thông tin một cửa điện tử lập từ lịch sử xử lý hồ sơ,"
        f" tính đến {vn_datetime(sheet.as_of)}.",
        style="I",
        indent=False,
        size=11,
    )
    return doc.output()


def _row(index: int, hand_over: HandOver) -> list[str]:
    verdict = hand_over.verdict.label if hand_over.verdict else "—"
    if hand_over.due_date is not None:
        verdict += f" (hạn {vn_date_short(hand_over.due_date)})"
    return [
        str(index),
        hand_over.giver.text(),
        hand_over.receiver.text(),
        vn_datetime(hand_over.handed_over_at),
        verdict,
        hand_over.note or "",
    ]
