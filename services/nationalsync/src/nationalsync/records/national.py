"""The national shapes (R-FMT-4): a dossier record (DongBoHoSoMC) and a progress update
(CapNhatTienDoHoSoMC), built from what nationalsync knows. Pure functions, no I/O.

Codes go as strings, as the national portal's integration code sends them; moments as
yyyyMMddHHmmss in Vietnam's local time. A legal date (the appointment, a statutory end) has no time
of day: it is sent at 17:00, the end of the working day, so a result returned on the appointed day
never shows as late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from nationalsync.records.progress import ProgressStep
from nationalsync.records.state import RecordState

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_TIME_FORMAT = "%Y%m%d%H%M%S"
END_OF_WORKING_DAY = time(17, 0)
MAX_CONTENT = 2000


@dataclass(frozen=True)
class ProcedureInfo:
    """TenTTHC and MaLinhVuc of the dossier's procedure version."""

    name: str
    field_code: str | None = None


class IncompleteRecord(ValueError):
    """The record lacks fields the hub requires; the push waits until events bring them."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"missing {', '.join(missing)}")
        self.missing = missing


def national_moment(moment: datetime) -> str:
    """yyyyMMddHHmmss in Vietnam's local time (R-FMT-4)."""
    return moment.astimezone(VN_TZ).strftime(DATE_TIME_FORMAT)


def national_day(day: date) -> str:
    """A legal date, at the end of that working day (see the module docstring)."""
    return datetime.combine(day, END_OF_WORKING_DAY).strftime(DATE_TIME_FORMAT)


def national_record(state: RecordState, procedure: ProcedureInfo) -> dict[str, Any]:
    """The record the hub stores for the dossier; `IncompleteRecord` when a required field is unknown."""
    missing = state.missing_for_push()
    if missing:
        raise IncompleteRecord(missing)
    assert state.applicant_kind is not None and state.channel is not None
    status = state.national_status
    assert status is not None
    record: dict[str, Any] = {
        "MaHoSo": state.dossier_code,
        "MaTTHC": state.procedure_code,
        "TenTTHC": procedure.name,
        "ChuHoSo": state.applicant_name,
        "LoaiDoiTuong": str(state.applicant_kind.national_code),
        "TrangThaiHoSo": str(int(status)),
        "HinhThuc": str(state.channel.national_code),
        "DonViXuLy": state.agency_code,
    }
    if procedure.field_code:
        record["MaLinhVuc"] = procedure.field_code
    if state.received_at is not None:
        record["NgayTiepNhan"] = national_moment(state.received_at)
    if state.appointment_date is not None:
        record["NgayHenTra"] = national_day(state.appointment_date)
    if state.returned_at is not None:
        record["NgayTra"] = national_moment(state.returned_at)
    record["TaiLieuNop"] = [
        {"TepDinhKemId": d.document_id, "TenTepDinhKem": d.name}
        | ({"MaThanhPhanHoSo": d.component_code} if d.component_code else {})
        for d in state.documents
    ]
    record["DanhSachGiayToKetQua"] = [
        {"GiayToId": d.document_id, "TenGiayTo": d.name} for d in state.result_documents
    ]
    record["DanhSachLePhi"] = [
        {"TenPhiLePhi": f.name, "Gia": f.amount, "DaThanhToan": state.fees_paid} for f in state.fees
    ]
    return record


def national_progress(
    step: ProgressStep, *, dossier_code: str, actor: str, department: str | None
) -> dict[str, Any]:
    """One progress update; `actor` is the officer's (or applicant's, or system's) name."""
    entry: dict[str, Any] = {
        "MaHoSo": dossier_code,
        "NguoiXuLy": actor,
        "ThoiDiemXuLy": national_moment(step.at),
        "NoiDungXuLy": step.content[:MAX_CONTENT],
        "TrangThai": str(int(step.status)),
    }
    if department:
        entry["PhongBanXuLy"] = department
    if step.start is not None:
        entry["NgayBatDau"] = national_moment(step.start)
    if step.end is not None:
        entry["NgayKetThucTheoQuyDinh"] = national_day(step.end)
    return entry
