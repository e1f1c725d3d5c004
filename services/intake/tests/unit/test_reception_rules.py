"""Pure rules of the desk: code format (R-FMT-2), reception and appointment dates (R-PROC-1, R-FMT-8),
and the letters' place name."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from intake.reception.codes import format_code
from intake.reception.rules import appointment, place_of
from servicekit.calendar import VN_TZ, WorkingCalendar


def test_r_fmt_2_the_code_is_agency_date_and_a_four_digit_sequence() -> None:
    assert format_code("000.00.00.G12", date(2026, 11, 23), 7) == "000.00.00.G12-261123-0007"
    assert format_code("000.00.25.H49", date(2026, 1, 2), 200) == "000.00.25.H49-260102-0200"
    assert format_code("000.00.25.H49", date(2026, 1, 2), 10000) == "000.00.25.H49-260102-10000"
    with pytest.raises(ValueError):
        format_code("000.00.25.H49", date(2026, 1, 2), 0)


def test_r_fmt_8_received_friday_before_tet_five_days_is_the_friday_after() -> None:
    # DOMAIN R-FMT-8: received Fri 13/2/2026, 5 working days, Tết 16–20/2 → Fri 27/2/2026.
    promise = appointment(WorkingCalendar(), datetime(2026, 2, 13, 9, 30, tzinfo=VN_TZ), 5)
    assert promise.reception_date == date(2026, 2, 13)
    assert promise.appointment_date == date(2026, 2, 27)


def test_r_proc_1_after_fifteen_hours_the_time_limit_counts_from_the_next_working_day() -> None:
    # Friday 15:00 sharp is already after the cut-off: received Monday 23/2 (after Tết), due Monday 2/3.
    promise = appointment(WorkingCalendar(), datetime(2026, 2, 13, 15, 0, tzinfo=VN_TZ), 5)
    assert promise.reception_date == date(2026, 2, 23)
    assert promise.appointment_date == date(2026, 3, 2)


def test_a_declared_day_off_moves_the_appointment() -> None:
    calendar = WorkingCalendar(extra_days_off=[date(2026, 3, 3)])
    promise = appointment(calendar, datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ), 2)
    assert promise.appointment_date == date(2026, 3, 5)


def test_r_int_4_an_immediate_result_is_promised_on_the_reception_day() -> None:
    promise = appointment(WorkingCalendar(), datetime(2026, 3, 2, 10, 0, tzinfo=VN_TZ), 0)
    assert promise.appointment_date == promise.reception_date == date(2026, 3, 2)
    saturday = appointment(WorkingCalendar(), datetime(2026, 3, 7, 10, 0, tzinfo=VN_TZ), 0)
    assert saturday.reception_date == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("address", "place"),
    [
        ("Số 1 đường Nguyễn Văn Cừ, phường Hồng Hải, tỉnh Quảng Ninh", "Quảng Ninh"),
        ("Số 28 Trần Hưng Đạo, phường Cửa Nam, Hà Nội", "Hà Nội"),
        ("Số 5, thành phố Hải Phòng", "Hải Phòng"),
        (None, "Việt Nam"),
    ],
)
def test_the_place_of_a_letter_comes_from_the_agencys_address(address: str | None, place: str) -> None:
    assert place_of(address, "Việt Nam") == place
