"""The working-day calendar read against R-FMT-7, R-FMT-8 and R-PROC-1."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from servicekit.calendar import CUTOFF, VN_TZ, CalendarOverrides, WorkingCalendar

CAL = WorkingCalendar()

# Tết Dương lịch 2026: the government swapped Fri 2/1/2026 (off) with Sat 10/1/2026 (worked)
# (VPCP 12729/VPCP-KGVX). The holidays package does not know this swap: administrators add it.
NEW_YEAR_2026 = WorkingCalendar(extra_days_off=[date(2026, 1, 2)], working_days=[date(2026, 1, 10)])


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


# -- R-FMT-7: which days are off -----------------------------------------------------------------


def test_r_fmt_7_weekends_are_off() -> None:
    assert CAL.is_working_day(date(2026, 3, 6))  # Friday
    assert not CAL.is_working_day(date(2026, 3, 7))  # Saturday
    assert not CAL.is_working_day(date(2026, 3, 8))  # Sunday
    assert CAL.is_working_day(date(2026, 3, 9))  # Monday


def test_r_fmt_7_tet_2026_is_off_from_16_to_20_february() -> None:
    for day in range(14, 23):  # Sat 14/2 .. Sun 22/2: nine days in a row
        assert not CAL.is_working_day(date(2026, 2, day)), day
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))


def test_r_fmt_7_reunification_and_labour_day_2026_are_off() -> None:
    assert not CAL.is_working_day(date(2026, 4, 30))  # Thursday
    assert not CAL.is_working_day(date(2026, 5, 1))  # Friday
    assert CAL.next_working_day(date(2026, 4, 29)) == date(2026, 5, 4)


def test_r_fmt_7_national_day_2026_with_adjacent_day_and_swap() -> None:
    # 2/9 plus the adjacent 1/9; Mon 31/8 off swapped with Sat 22/8 (in the package's 2026 data).
    for d in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2026, 8, 22))
    assert CAL.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_r_fmt_7_holiday_on_a_weekend_is_substituted_by_the_next_working_day() -> None:
    # Hùng Kings 10/3 lunar falls on Sun 26/4/2026 → Mon 27/4 off.
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)
    # 1/5/2027 is a Saturday → Mon 3/5/2027 off.
    assert not CAL.is_working_day(date(2027, 5, 3))


def test_r_fmt_7_extra_day_off_is_skipped() -> None:
    assert CAL.is_working_day(date(2026, 1, 2))  # the package alone misses the bridge day
    assert not NEW_YEAR_2026.is_working_day(date(2026, 1, 2))
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert NEW_YEAR_2026.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)


def test_r_fmt_7_configured_working_saturday_counts() -> None:
    assert not CAL.is_working_day(date(2026, 1, 10))
    assert NEW_YEAR_2026.is_working_day(date(2026, 1, 10))
    assert CAL.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)
    assert NEW_YEAR_2026.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)


def test_r_fmt_7_overrides_win_over_the_package() -> None:
    cal = WorkingCalendar(working_days=[date(2026, 2, 20)], extra_days_off=[date(2026, 8, 22)])
    assert cal.is_working_day(date(2026, 2, 20))  # a built-in Tết day declared working
    assert not cal.is_working_day(date(2026, 8, 22))  # the package's working Saturday declared off


def test_r_fmt_7_with_overrides_returns_a_new_calendar_and_newer_declaration_wins() -> None:
    base = WorkingCalendar(extra_days_off=[date(2026, 3, 9)])
    changed = base.with_overrides(working_days=[date(2026, 3, 9)], extra_days_off=[date(2026, 3, 10)])
    assert not base.is_working_day(date(2026, 3, 9))
    assert base.overrides == CalendarOverrides(extra_days_off=frozenset({date(2026, 3, 9)}))
    assert changed.is_working_day(date(2026, 3, 9))
    assert not changed.is_working_day(date(2026, 3, 10))
    assert changed.overrides == CalendarOverrides(
        extra_days_off=frozenset({date(2026, 3, 10)}), working_days=frozenset({date(2026, 3, 9)})
    )
    assert WorkingCalendar.from_overrides(changed.overrides) == changed


def test_r_fmt_7_a_day_cannot_be_declared_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="both"):
        CalendarOverrides(frozenset({date(2026, 1, 2)}), frozenset({date(2026, 1, 2)}))
    with pytest.raises(ValueError, match="both"):
        CAL.with_overrides(extra_days_off=[date(2026, 1, 2)], working_days=[date(2026, 1, 2)])


def test_datetimes_are_refused_where_dates_are_expected() -> None:
    with pytest.raises(TypeError):
        CAL.is_working_day(datetime(2026, 1, 2, 9, 0, tzinfo=VN_TZ))
    with pytest.raises(TypeError):
        WorkingCalendar(extra_days_off=[datetime(2026, 1, 2, 0, 0)])


# -- R-FMT-8: counting a time limit --------------------------------------------------------------


def test_r_fmt_8_event_day_not_counted() -> None:
    assert CAL.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 10)  # Mon + 1 → Tue
    assert CAL.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri + 1 → Mon


def test_r_fmt_8_received_friday_13_february_2026_five_days_across_tet() -> None:
    assert CAL.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert CAL.due_date(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_r_fmt_8_zero_days_is_the_day_itself_or_the_next_working_day() -> None:
    assert CAL.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert CAL.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)
    assert CAL.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 23)


def test_r_fmt_8_negative_time_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 3, 9), -1)


def test_r_fmt_8_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


@pytest.mark.parametrize("cal", [CAL, NEW_YEAR_2026], ids=["package", "with-overrides"])
def test_r_fmt_8_working_days_between_inverts_add_working_days(cal: WorkingCalendar) -> None:
    start = date(2025, 12, 1)
    for offset in range(430):  # every start date from December 2025 to early February 2027
        s = start + timedelta(days=offset)
        for n in (1, 2, 3, 5, 10, 15, 30):
            due = cal.add_working_days(s, n)
            assert cal.is_working_day(due)
            assert cal.working_days_between(s, due) == n, (s, n)
            assert cal.working_days_between(due, s) == -n, (s, n)
        if cal.is_working_day(s):
            assert cal.working_days_between(s, cal.add_working_days(s, 0)) == 0


def test_r_fmt_8_working_days_between_examples() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 22)) == 0  # all of Tết
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_r_fmt_8_a_year_long_time_limit() -> None:
    due = CAL.add_working_days(date(2026, 1, 5), 365)
    assert CAL.working_days_between(date(2026, 1, 5), due) == 365
    assert due.year == 2027


def test_r_fmt_8_overdue_and_working_days_left() -> None:
    due = date(2026, 2, 27)  # Friday
    assert CAL.working_days_left(due, date(2026, 2, 13)) == 5
    assert CAL.working_days_left(due, due) == 0
    assert not CAL.is_overdue(due, due)  # returned on the appointment date: on time
    assert CAL.is_overdue(due, date(2026, 2, 28))
    assert CAL.working_days_left(due, date(2026, 3, 3)) == -2  # Mon 2/3 and Tue 3/3 late


# -- R-PROC-1 / R-FMT-8: the reception date and the 15:00 cut-off --------------------------------


def test_r_proc_1_cutoff_constant_is_fifteen_hundred() -> None:
    assert time(15, 0) == CUTOFF


def test_r_proc_1_before_cutoff_is_received_the_same_day() -> None:
    assert CAL.reception_date(local(2026, 3, 9, 14, 59)) == date(2026, 3, 9)
    assert CAL.reception_date(local(2026, 3, 9, 6, 0)) == date(2026, 3, 9)  # before office hours


def test_r_proc_1_at_or_after_cutoff_goes_to_the_next_working_day() -> None:
    assert CAL.reception_date(local(2026, 3, 9, 15, 0)) == date(2026, 3, 10)
    assert CAL.reception_date(local(2026, 3, 9, 23, 59)) == date(2026, 3, 10)


def test_r_proc_1_utc_datetime_is_converted_to_vietnam_time() -> None:
    # UTC+7: 07:59Z is 14:59 in Hà Nội, 08:00Z is 15:00.
    assert CAL.reception_date(datetime(2026, 3, 9, 7, 59, tzinfo=UTC)) == date(2026, 3, 9)
    assert CAL.reception_date(datetime(2026, 3, 9, 8, 0, tzinfo=UTC)) == date(2026, 3, 10)
    # 20:00Z Monday is 03:00 Tuesday in Hà Nội.
    assert CAL.reception_date(datetime(2026, 3, 9, 20, 0, tzinfo=UTC)) == date(2026, 3, 10)
    # 18:00Z Sunday is 01:00 Monday in Hà Nội: a working day, before the cut-off.
    assert CAL.reception_date(datetime(2026, 3, 8, 18, 0, tzinfo=UTC)) == date(2026, 3, 9)


def test_r_proc_1_friday_after_cutoff_goes_to_monday() -> None:
    assert CAL.reception_date(local(2026, 3, 6, 15, 30)) == date(2026, 3, 9)


def test_r_fmt_8_saturday_submission_is_received_monday() -> None:
    assert CAL.reception_date(local(2026, 3, 7, 9, 0)) == date(2026, 3, 9)


def test_r_fmt_8_submission_before_tet_is_received_after_tet() -> None:
    assert CAL.reception_date(local(2026, 2, 13, 16, 0)) == date(2026, 2, 23)
    assert CAL.reception_date(local(2026, 2, 18, 10, 0)) == date(2026, 2, 23)


def test_r_fmt_8_declared_working_saturday_receives_dossiers() -> None:
    assert NEW_YEAR_2026.reception_date(local(2026, 1, 10, 9, 0)) == date(2026, 1, 10)
    assert CAL.reception_date(local(2026, 1, 10, 9, 0)) == date(2026, 1, 12)


def test_r_proc_1_custom_cutoff() -> None:
    assert CAL.reception_date(local(2026, 3, 9, 16, 0), cutoff=time(17, 0)) == date(2026, 3, 9)


def test_r_proc_1_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CAL.reception_date(datetime(2026, 3, 9, 9, 0))  # naive on purpose
