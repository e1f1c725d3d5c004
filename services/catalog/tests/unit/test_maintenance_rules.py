"""R-OPS-1: maintenance is announced at least one whole working day ahead (Vietnamese working days:
weekends, Tết and other holidays, days administrators declare), with its expected end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from catalog.maintenance.rules import WindowStatus, earliest_start, status_of, window_problems
from servicekit.calendar import VN_TZ, WorkingCalendar

CALENDAR = WorkingCalendar()


def vn(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("announced", "earliest"),
    [
        # Monday → Tuesday is the day of notice → Wednesday.
        (vn(date(2026, 11, 16)), vn(date(2026, 11, 18), 0)),
        # Friday → the weekend does not count: Monday is the day of notice → Tuesday.
        (vn(date(2026, 11, 20)), vn(date(2026, 11, 24), 0)),
        # Monday 23 November 2026 → Tuesday 24 is a public holiday (Ngày Văn hóa Việt Nam) → Thursday.
        (vn(date(2026, 11, 23)), vn(date(2026, 11, 26), 0)),
        # Friday before Tết Bính Ngọ: 14-22 February 2026 are all days off → Tuesday 24 February.
        (vn(date(2026, 2, 13)), vn(date(2026, 2, 24), 0)),
        # Late on Sunday evening, in Hanoi: still Sunday → Monday is the day of notice → Tuesday.
        (datetime(2026, 11, 22, 16, 30, tzinfo=UTC), vn(date(2026, 11, 24), 0)),
    ],
)
def test_r_ops_1_one_whole_working_day_of_notice(announced: datetime, earliest: datetime) -> None:
    assert earliest_start(announced, CALENDAR) == earliest


def test_declared_days_off_and_longer_notice_push_the_start() -> None:
    bridge = CALENDAR.with_overrides(extra_days_off=[date(2026, 11, 17)])
    assert earliest_start(vn(date(2026, 11, 16)), bridge) == vn(date(2026, 11, 19), 0)
    assert earliest_start(vn(date(2026, 11, 16)), CALENDAR, notice_working_days=2) == vn(
        date(2026, 11, 19), 0
    )


def test_a_window_too_soon_too_long_or_ending_before_it_starts() -> None:
    now = vn(date(2026, 11, 16))

    def problems(start: datetime, end: datetime) -> list[str]:
        found = window_problems(
            starts_at=start,
            expected_end_at=end,
            now=now,
            calendar=CALENDAR,
            notice_working_days=1,
            max_hours=72,
        )
        return [f"{field}:{problem}" for field, problem, _ in found]

    good = vn(date(2026, 11, 18), 22)
    assert problems(good, good + timedelta(hours=4)) == []
    assert problems(good - timedelta(hours=23), good) == ["starts_at:notice_too_short"]
    assert problems(good, good) == ["expected_end_at:end_before_start"]
    assert problems(good, good + timedelta(hours=73)) == ["expected_end_at:too_long"]
    (_, _, params), *_ = window_problems(
        starts_at=now, expected_end_at=good, now=now, calendar=CALENDAR, notice_working_days=1, max_hours=72
    )
    assert params == {"earliest": vn(date(2026, 11, 18), 0), "days": 1}


def test_a_window_is_upcoming_in_progress_then_ended_unless_cancelled() -> None:
    start, end = vn(date(2026, 11, 18), 22), vn(date(2026, 11, 19), 2)
    at = {"starts_at": start, "expected_end_at": end}
    assert status_of(cancelled=False, now=start - timedelta(seconds=1), **at) is WindowStatus.UPCOMING
    assert status_of(cancelled=False, now=start, **at) is WindowStatus.IN_PROGRESS
    assert status_of(cancelled=False, now=end, **at) is WindowStatus.ENDED
    assert status_of(cancelled=True, now=start, **at) is WindowStatus.CANCELLED
    assert WindowStatus.IN_PROGRESS.label.render("vi") == "Đang bảo trì"
