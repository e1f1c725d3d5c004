"""The national field rules the hub simulator checks, as pure functions (R-FMT-1..4).

A record (`DongBoHoSoMC`) or a progress update (`CapNhatTienDoHoSoMC`) is checked field by field;
every problem found is reported at once, the way the hub answers a rejected call. Codes may be
sent as JSON strings (as the national portal's integration code does) or integers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: yyyyMMddHHmmss, local time (R-FMT-4).
DATE_TIME_FORMAT = "%Y%m%d%H%M%S"
_DATE_TIME = re.compile(r"\d{14}")
AGENCY_CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}")  # R-FMT-1, QCVN 102:2016
PROCEDURE_CODE = re.compile(r"\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?")  # R-FMT-3
FIELD_CODE = re.compile(r"[GHK]\d{2}-[A-Z]{1,6}\d{1,4}")  # R-FMT-1 field codes, e.g. G03-GD10
DOSSIER_CODE = re.compile(r"(\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})-(\d{6})-(\d{4})")  # R-FMT-2

#: TrangThaiHoSo (R-FMT-4).
STATUS_CODES = range(1, 11)
#: Statuses only a received dossier can have: reception date and appointment date are required.
RECEIVED_STATUSES = frozenset({2, 4, 6, 8, 9, 10})
RESULT_RETURNED = 10
APPLICANT_KINDS = frozenset({1, 2})  # LoaiDoiTuong: 1 citizen, 2 business
CHANNELS = frozenset({1, 2, 3})  # HinhThuc: 1 at the desk, 2 online, 3 by post

MAX_NAME = 1000
MAX_TEXT = 4000
MAX_ITEMS = 200


@dataclass(frozen=True)
class FieldProblem:
    """One problem of one record: the field, and what is wrong with it (Vietnamese, as the hub says)."""

    field: str
    message: str

    def to_json(self, index: int, code: str | None) -> dict[str, Any]:
        return {"index": index, "MaHoSo": code, "field": self.field, "message": self.message}


def parse_date_time(value: Any) -> datetime | None:
    """A yyyyMMddHHmmss value as a naive local datetime, or None when it is not one."""
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, DATE_TIME_FORMAT)
    except ValueError:
        return None


def is_dossier_code(value: str) -> bool:
    """R-FMT-2: `<agency code>-YYMMDD-XXXX`, the date a real date."""
    match = DOSSIER_CODE.fullmatch(value)
    if match is None:
        return False
    try:
        datetime.strptime(match.group(2), "%y%m%d")
    except ValueError:
        return False
    return True


def _code(value: Any) -> int | None:
    """A small integer code sent as a string of digits or as an integer (not a boolean)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) <= 3:
        return int(value)
    return None


class _Checker:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(FieldProblem(field, message))

    def text(self, field: str, *, required: bool, max_length: int = MAX_NAME) -> str | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, f"{field} là bắt buộc")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"{field} phải là chuỗi ký tự khác rỗng")
            return None
        if len(value) > max_length:
            self.fail(field, f"{field} dài quá {max_length} ký tự")
            return None
        return value

    def pattern(self, field: str, regex: re.Pattern[str], what: str, *, required: bool) -> str | None:
        value = self.text(field, required=required)
        if value is not None and not regex.fullmatch(value):
            self.fail(field, f"{field} {value!r} không đúng định dạng {what}")
            return None
        return value

    def code(self, field: str, allowed: Collection[int], *, required: bool) -> int | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, f"{field} là bắt buộc")
            return None
        parsed = _code(value)
        if parsed is None or parsed not in allowed:
            shown = ", ".join(str(v) for v in sorted(allowed))
            self.fail(field, f"{field} {value!r} không hợp lệ (một trong: {shown})")
            return None
        return parsed

    def moment(self, field: str, *, required: bool) -> datetime | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, f"{field} là bắt buộc")
            return None
        parsed = parse_date_time(value)
        if parsed is None:
            self.fail(field, f"{field} {value!r} không đúng định dạng yyyyMMddHHmmss")
        return parsed

    def items(self, field: str, check: Callable[[str, Mapping[str, Any]], None]) -> None:
        value = self.data.get(field)
        if value is None:
            return
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            self.fail(field, f"{field} phải là danh sách (tối đa {MAX_ITEMS} phần tử)")
            return
        for position, item in enumerate(value):
            where = f"{field}[{position}]"
            if not isinstance(item, dict):
                self.fail(where, f"{where} phải là một đối tượng")
                continue
            check(where, item)

    def only(self, field: str, allowed: Collection[str]) -> None:
        for name in sorted(set(self.data) - set(allowed)):
            self.fail(f"{field}.{name}" if field else name, f"Trường {name} không được hỗ trợ")


#: Fields of a record (DongBoHoSoMC).
RECORD_FIELDS = frozenset(
    {
        "MaHoSo",
        "MaTTHC",
        "TenTTHC",
        "MaLinhVuc",
        "ChuHoSo",
        "LoaiDoiTuong",
        "NgayTiepNhan",
        "NgayHenTra",
        "NgayTra",
        "TrangThaiHoSo",
        "HinhThuc",
        "DonViXuLy",
        "TaiLieuNop",
        "DanhSachGiayToKetQua",
        "DanhSachLePhi",
    }
)
DOCUMENT_FIELDS = frozenset({"TepDinhKemId", "TenTepDinhKem", "MaThanhPhanHoSo"})
RESULT_FIELDS = frozenset({"GiayToId", "TenGiayTo"})
FEE_FIELDS = frozenset({"TenPhiLePhi", "Gia", "DaThanhToan"})

#: Fields of a progress update (CapNhatTienDoHoSoMC).
PROGRESS_FIELDS = frozenset(
    {
        "MaHoSo",
        "NguoiXuLy",
        "ChucDanh",
        "ThoiDiemXuLy",
        "PhongBanXuLy",
        "NoiDungXuLy",
        "TrangThai",
        "NgayBatDau",
        "NgayKetThucTheoQuyDinh",
    }
)


def check_record(record: Mapping[str, Any], *, agencies: Collection[str] = ()) -> list[FieldProblem]:
    """Every problem of one dossier record; `agencies` non-empty: DonViXuLy must be one of them."""
    c = _Checker(record)
    c.only("", RECORD_FIELDS)
    code = c.text("MaHoSo", required=True, max_length=50)
    if code is not None and not is_dossier_code(code):
        c.fail("MaHoSo", f"MaHoSo {code!r} không đúng định dạng <mã cơ quan>-YYMMDD-XXXX")
    c.pattern("MaTTHC", PROCEDURE_CODE, "mã thủ tục d.dddddd", required=True)
    c.text("TenTTHC", required=True)
    c.pattern("MaLinhVuc", FIELD_CODE, "mã lĩnh vực", required=False)
    c.text("ChuHoSo", required=True, max_length=255)
    c.code("LoaiDoiTuong", APPLICANT_KINDS, required=True)
    status = c.code("TrangThaiHoSo", STATUS_CODES, required=True)
    c.code("HinhThuc", CHANNELS, required=True)
    agency = c.pattern("DonViXuLy", AGENCY_CODE, "mã định danh cơ quan QCVN 102:2016", required=True)
    if agency is not None and agencies and agency not in agencies:
        c.fail("DonViXuLy", f"Đơn vị {agency} chưa được khai báo trên Cổng Dịch vụ công quốc gia")
    received = c.moment("NgayTiepNhan", required=status in RECEIVED_STATUSES)
    due = c.moment("NgayHenTra", required=status in RECEIVED_STATUSES or received is not None)
    returned = c.moment("NgayTra", required=status == RESULT_RETURNED)
    if received is not None and due is not None and due.date() < received.date():
        c.fail("NgayHenTra", "NgayHenTra trước NgayTiepNhan")
    if received is not None and returned is not None and returned < received:
        c.fail("NgayTra", "NgayTra trước NgayTiepNhan")
    c.items("TaiLieuNop", lambda where, item: _document(c, where, item))
    c.items("DanhSachGiayToKetQua", lambda where, item: _result(c, where, item))
    c.items("DanhSachLePhi", lambda where, item: _fee(c, where, item))
    return c.problems


def _document(c: _Checker, where: str, item: Mapping[str, Any]) -> None:
    inner = _Checker(item)
    inner.only("", DOCUMENT_FIELDS)
    inner.text("TepDinhKemId", required=True, max_length=100)
    inner.text("TenTepDinhKem", required=True)
    inner.text("MaThanhPhanHoSo", required=False, max_length=100)
    c.problems.extend(FieldProblem(f"{where}.{p.field}", p.message) for p in inner.problems)


def _result(c: _Checker, where: str, item: Mapping[str, Any]) -> None:
    inner = _Checker(item)
    inner.only("", RESULT_FIELDS)
    inner.text("GiayToId", required=True, max_length=100)
    inner.text("TenGiayTo", required=True)
    c.problems.extend(FieldProblem(f"{where}.{p.field}", p.message) for p in inner.problems)


def _fee(c: _Checker, where: str, item: Mapping[str, Any]) -> None:
    inner = _Checker(item)
    inner.only("", FEE_FIELDS)
    inner.text("TenPhiLePhi", required=True)
    amount = item.get("Gia")
    if isinstance(amount, bool) or not (
        (isinstance(amount, int) and amount >= 0) or (isinstance(amount, str) and amount.isdigit())
    ):
        inner.fail("Gia", f"Gia {amount!r} phải là số tiền nguyên (đồng)")
    paid = item.get("DaThanhToan")
    if paid is not None and not isinstance(paid, bool):
        inner.fail("DaThanhToan", "DaThanhToan phải là true hoặc false")
    c.problems.extend(FieldProblem(f"{where}.{p.field}", p.message) for p in inner.problems)


def check_progress(entry: Mapping[str, Any], *, known_codes: Collection[str]) -> list[FieldProblem]:
    """Every problem of one progress update; its dossier must have been synchronised before."""
    c = _Checker(entry)
    c.only("", PROGRESS_FIELDS)
    code = c.text("MaHoSo", required=True, max_length=50)
    if code is not None and code not in known_codes:
        c.fail("MaHoSo", f"Hồ sơ {code} chưa được đồng bộ lên Cổng Dịch vụ công quốc gia")
    c.text("NguoiXuLy", required=True, max_length=255)
    c.text("ChucDanh", required=False, max_length=255)
    c.moment("ThoiDiemXuLy", required=True)
    c.text("PhongBanXuLy", required=False)
    c.text("NoiDungXuLy", required=True, max_length=MAX_TEXT)
    c.code("TrangThai", STATUS_CODES, required=True)
    # A step may start after its statutory end (an overdue dossier): no order between the two.
    c.moment("NgayBatDau", required=False)
    c.moment("NgayKetThucTheoQuyDinh", required=False)
    return c.problems
