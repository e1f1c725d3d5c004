"""The national field rules the hub simulator enforces (R-FMT-1..4), as pure functions."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.nationalhub.rules import check_progress, check_record, is_dossier_code, parse_date_time

CODE = "000.00.00.G12-260213-0007"


def record(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "MaHoSo": CODE,
        "MaTTHC": "1.005129",
        "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "G09-TP05",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "NgayTiepNhan": "20260213093000",
        "NgayHenTra": "20260227170000",
        "TrangThaiHoSo": "2",
        "HinhThuc": "2",
        "DonViXuLy": "000.00.00.G12",
        "TaiLieuNop": [{"TepDinhKemId": "a1", "TenTepDinhKem": "Tờ khai", "MaThanhPhanHoSo": "TP01"}],
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": 50000, "DaThanhToan": True}],
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def fields_of(problems: list[Any]) -> set[str]:
    return {p.field for p in problems}


def test_a_complete_record_passes() -> None:
    assert check_record(record()) == []


def test_codes_may_be_strings_or_integers() -> None:
    assert check_record(record(LoaiDoiTuong=2, TrangThaiHoSo=4, HinhThuc=1)) == []


@pytest.mark.parametrize("field", ["MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "LoaiDoiTuong", "TrangThaiHoSo"])
def test_r_fmt_4_required_fields(field: str) -> None:
    problems = check_record({k: v for k, v in record().items() if k != field})
    assert field in fields_of(problems)
    assert any("bắt buộc" in p.message for p in problems)


@pytest.mark.parametrize("status", ["0", "11", "abc", True, 4.5])
def test_r_fmt_4_status_codes_are_1_to_10(status: Any) -> None:
    assert fields_of(check_record(record(TrangThaiHoSo=status))) == {"TrangThaiHoSo"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("MaHoSo", "G12-260213-0007"),  # R-FMT-2: the agency code first
        ("MaHoSo", "000.00.00.G12-261340-0007"),  # month 13
        ("MaTTHC", "1.00512"),  # R-FMT-3: d.dddddd
        ("MaLinhVuc", "GD10"),
        ("DonViXuLy", "000.00.G12"),  # R-FMT-1
        ("HinhThuc", "4"),  # 1 desk, 2 online, 3 postal
        ("LoaiDoiTuong", "3"),  # 1 citizen, 2 business
    ],
)
def test_code_formats(field: str, value: str) -> None:
    assert field in fields_of(check_record(record(**{field: value})))


def test_a_local_procedure_code_with_its_agency_suffix_is_accepted() -> None:
    assert check_record(record(MaTTHC="2.000815.000.00.00.H55")) == []


@pytest.mark.parametrize(
    "value", ["2026-02-13 09:30:00", "20260213", "20260230093000", "20260213253000", 20260213093000]
)
def test_dates_are_yyyymmddhhmmss(value: Any) -> None:
    assert fields_of(check_record(record(NgayTiepNhan=value))) == {"NgayTiepNhan"}


def test_a_received_status_needs_the_reception_and_appointment_dates() -> None:
    problems = check_record(record(NgayTiepNhan=None, NgayHenTra=None, TrangThaiHoSo="4"))
    assert fields_of(problems) == {"NgayTiepNhan", "NgayHenTra"}


def test_a_new_or_not_received_dossier_needs_no_reception_date() -> None:
    assert check_record(record(NgayTiepNhan=None, NgayHenTra=None, TrangThaiHoSo="1")) == []
    assert check_record(record(NgayTiepNhan=None, NgayHenTra=None, TrangThaiHoSo="3")) == []


def test_a_returned_result_needs_its_return_date_after_reception() -> None:
    assert fields_of(check_record(record(TrangThaiHoSo="10"))) == {"NgayTra"}
    assert fields_of(check_record(record(TrangThaiHoSo="10", NgayTra="20260212080000"))) == {"NgayTra"}
    assert check_record(record(TrangThaiHoSo="10", NgayTra="20260226100000")) == []


def test_the_appointment_is_not_before_the_reception() -> None:
    assert fields_of(check_record(record(NgayHenTra="20260212170000"))) == {"NgayHenTra"}


def test_unknown_fields_and_malformed_lists_are_refused() -> None:
    problems = check_record(
        record(
            TrangThai="2",
            TaiLieuNop=[{"TepDinhKemId": "a1"}],
            DanhSachLePhi=[{"TenPhiLePhi": "Lệ phí", "Gia": -1}],
            DanhSachGiayToKetQua="none",
        )
    )
    assert fields_of(problems) == {
        "TrangThai",
        "TaiLieuNop[0].TenTepDinhKem",
        "DanhSachLePhi[0].Gia",
        "DanhSachGiayToKetQua",
    }


def test_an_undeclared_agency_is_refused_when_the_hub_keeps_a_list() -> None:
    assert check_record(record(), agencies={"000.00.00.G12"}) == []
    [problem] = check_record(record(DonViXuLy="000.00.00.H49"), agencies={"000.00.00.G12"})
    assert problem.field == "DonViXuLy" and "chưa được khai báo" in problem.message


def test_progress_updates_need_a_synchronised_dossier_and_the_r_fmt_4_fields() -> None:
    entry = {
        "MaHoSo": CODE,
        "NguoiXuLy": "Trần Thị Bình",
        "ChucDanh": "Công chức một cửa",
        "ThoiDiemXuLy": "20260213093000",
        "PhongBanXuLy": "Bộ phận Một cửa",
        "NoiDungXuLy": "Tiếp nhận hồ sơ",
        "TrangThai": "2",
        "NgayBatDau": "20260213093000",
        "NgayKetThucTheoQuyDinh": "20260227170000",
    }
    assert check_progress(entry, known_codes={CODE}) == []
    assert fields_of(check_progress(entry, known_codes=set())) == {"MaHoSo"}
    broken = {**entry, "NguoiXuLy": "", "TrangThai": "12", "NgayKetThucTheoQuyDinh": "2026-02-27"}
    assert fields_of(check_progress(broken, known_codes={CODE})) == {
        "NguoiXuLy",
        "TrangThai",
        "NgayKetThucTheoQuyDinh",
    }
    late = {**entry, "NgayBatDau": "20260302080000"}  # an overdue dossier: the step starts after the end
    assert check_progress(late, known_codes={CODE}) == []


def test_helpers() -> None:
    assert is_dossier_code(CODE)
    assert not is_dossier_code("000.00.00.G12-260229-0007")  # 2026 is not a leap year
    moment = parse_date_time("20260213093000")
    assert moment is not None and (moment.hour, moment.minute) == (9, 30)
