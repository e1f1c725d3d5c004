"""Pure deadline rules, read like the regulation (R-PROC-1, R-PROC-3, R-PROC-8, R-FMT-7/8)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from servicekit.calendar import VN_TZ, WorkingCalendar
from workflow.deadlines.rules import (
    ExtensionRefusal,
    Standing,
    Verdict,
    clock_start,
    due_after,
    extension_refusal,
    standing,
    supplement_window_open,
    verdict,
)

CAL = WorkingCalendar()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN_TZ)


def test_r_proc_1_before_and_after_the_cut_off() -> None:
    friday = date(2026, 3, 6)
    assert clock_start(CAL, at(friday, 14, 59)) == friday
    assert clock_start(CAL, at(friday, 15, 0)) == date(2026, 3, 9)
    assert clock_start(CAL, at(date(2026, 3, 7), 9)) == date(2026, 3, 9)  # a Saturday


def test_r_fmt_8_due_dates_skip_tet_and_count_half_days_up() -> None:
    assert due_after(CAL, date(2026, 2, 13), 5) == date(2026, 2, 27)  # DOMAIN's example
    assert due_after(CAL, date(2026, 3, 2), 1.5) == date(2026, 3, 4)
    assert due_after(CAL, date(2026, 3, 2), 0.5) == date(2026, 3, 3)
    assert due_after(CAL, date(2026, 3, 2), 0) == date(2026, 3, 2)
    swapped = WorkingCalendar(working_days=[date(2026, 2, 14)])
    assert due_after(swapped, date(2026, 2, 12), 5) == date(2026, 2, 25)


def test_r_proc_3_supplement_within_three_working_days_of_reception() -> None:
    monday = date(2026, 3, 2)
    assert supplement_window_open(CAL, clock_started_on=monday, today=date(2026, 3, 5))
    assert not supplement_window_open(CAL, clock_started_on=monday, today=date(2026, 3, 6))
    # Across Tết the window counts working days only.
    assert supplement_window_open(CAL, clock_started_on=date(2026, 2, 13), today=date(2026, 2, 25))


@pytest.mark.parametrize(
    ("today", "new", "extended", "expected"),
    [
        (date(2026, 3, 4), date(2026, 3, 10), False, None),
        (date(2026, 3, 5), date(2026, 3, 10), False, ExtensionRefusal.TOO_LATE),
        (date(2026, 3, 4), date(2026, 3, 10), True, ExtensionRefusal.ALREADY_EXTENDED),
        (date(2026, 3, 4), date(2026, 3, 5), False, ExtensionRefusal.NOT_LATER),
        (date(2026, 3, 4), date(2026, 3, 7), False, ExtensionRefusal.NOT_WORKING_DAY),
    ],
)
def test_r_proc_8_extension_once_a_working_day_ahead(
    today: date, new: date, extended: bool, expected: ExtensionRefusal | None
) -> None:
    due = date(2026, 3, 5)
    assert extension_refusal(CAL, due=due, today=today, new_date=new, already_extended=extended) is expected


def test_r_proc_8_the_day_before_a_long_holiday_is_the_last_day_to_extend() -> None:
    # Due Monday 23/2 after Tết: on Friday 13/2 there is still one working day to go.
    due = date(2026, 2, 23)
    assert (
        extension_refusal(
            CAL, due=due, today=date(2026, 2, 13), new_date=date(2026, 2, 27), already_extended=False
        )
        is None
    )


def test_verdicts_and_standing() -> None:
    due = date(2026, 3, 5)
    assert verdict(date(2026, 3, 4), due) is Verdict.EARLY
    assert verdict(due, due) is Verdict.ON_TIME
    assert verdict(date(2026, 3, 6), due) is Verdict.LATE
    assert standing(CAL, due=due, today=date(2026, 3, 4), soon_working_days=1) == (Standing.DUE_SOON, 1)
    assert standing(CAL, due=due, today=date(2026, 3, 3), soon_working_days=1) is None
    assert standing(CAL, due=due, today=date(2026, 3, 9), soon_working_days=1) == (Standing.OVERDUE, 2)
    # Late on the Saturday after a Friday due date: one day late, never zero.
    assert standing(CAL, due=date(2026, 3, 6), today=date(2026, 3, 7), soon_working_days=1) == (
        Standing.OVERDUE,
        1,
    )
    # Ten calendar days before a due date after Tết is still "due soon": one working day is left.
    assert standing(CAL, due=date(2026, 2, 23), today=date(2026, 2, 13), soon_working_days=1) == (
        Standing.DUE_SOON,
        1,
    )
