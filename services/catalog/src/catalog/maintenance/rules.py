"""R-OPS-1 as pure decisions: how far ahead a window must be announced, how long it may last, what
state it is in. No I/O.

"Announced at least one working day ahead" is read as: between the announcement and the start there
is at least one whole working day. The n-th working day after the day of the announcement is the last
day of notice (R-FMT-8 counting: the announcement's own day does not count), so the window may start
at 00:00 of the next day, Asia/Ho_Chi_Minh. Announced on a Friday, a window starts on Tuesday at the
earliest; announced on a Monday, on Wednesday.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from servicekit.calendar import VN_TZ, WorkingCalendar
from servicekit.i18n import Text


class WindowStatus(StrEnum):
    UPCOMING = "upcoming"
    IN_PROGRESS = "in_progress"
    ENDED = "ended"
    CANCELLED = "cancelled"

    @property
    def label(self) -> Text:
        return _LABELS[self]


_LABELS = {
    WindowStatus.UPCOMING: Text("Sắp diễn ra", "Upcoming"),
    WindowStatus.IN_PROGRESS: Text("Đang bảo trì", "In progress"),
    WindowStatus.ENDED: Text("Đã kết thúc", "Ended"),
    WindowStatus.CANCELLED: Text("Đã hủy", "Cancelled"),
}


def earliest_start(
    announced_at: datetime, calendar: WorkingCalendar, *, notice_working_days: int = 1
) -> datetime:
    """The first instant a window announced at ``announced_at`` may start (R-OPS-1)."""
    announced_on = announced_at.astimezone(VN_TZ).date()
    last_notice_day = calendar.add_working_days(announced_on, notice_working_days)
    start = last_notice_day + timedelta(days=1)
    return datetime(start.year, start.month, start.day, tzinfo=VN_TZ)


def window_problems(
    *,
    starts_at: datetime,
    expected_end_at: datetime,
    now: datetime,
    calendar: WorkingCalendar,
    notice_working_days: int,
    max_hours: int,
) -> list[tuple[str, str, dict[str, object]]]:
    """What is wrong with a window to schedule now: ``(field, problem, params)`` for each."""
    problems: list[tuple[str, str, dict[str, object]]] = []
    earliest = earliest_start(now, calendar, notice_working_days=notice_working_days)
    if starts_at < earliest:
        problems.append(
            ("starts_at", "notice_too_short", {"earliest": earliest, "days": notice_working_days})
        )
    if expected_end_at <= starts_at:
        problems.append(("expected_end_at", "end_before_start", {}))
    elif expected_end_at - starts_at > timedelta(hours=max_hours):
        problems.append(("expected_end_at", "too_long", {"hours": max_hours}))
    return problems


def status_of(
    *, cancelled: bool, starts_at: datetime, expected_end_at: datetime, now: datetime
) -> WindowStatus:
    if cancelled:
        return WindowStatus.CANCELLED
    if now < starts_at:
        return WindowStatus.UPCOMING
    if now < expected_end_at:
        return WindowStatus.IN_PROGRESS
    return WindowStatus.ENDED
