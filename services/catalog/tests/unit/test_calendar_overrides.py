"""R-FMT-7/8: an agency's calendar = statutory days off + national, ancestors' and own declarations."""

from __future__ import annotations

from datetime import date

from catalog.agencies.calendar import apply_overrides
from catalog.agencies.models import CalendarOverride


def override(scope: str, day: date, kind: str) -> CalendarOverride:
    return CalendarOverride(scope=scope, day=day, kind=kind, declared_by="test")


def test_r_fmt_8_due_date_counts_working_days_after_reception_across_tet() -> None:
    calendar = apply_overrides(["national"], [])
    assert calendar.due_date(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_national_then_ancestor_then_own_declarations_apply_and_the_nearest_wins() -> None:
    saturday = date(2026, 3, 7)
    monday = date(2026, 3, 9)
    rows = [
        override("national", saturday, "working_day"),
        override("000.00.00.H49", monday, "day_off"),
        override("000.00.11.H49", saturday, "day_off"),  # the department keeps its Saturday off
    ]
    province = apply_overrides(["national", "000.00.00.H49"], rows)
    department = apply_overrides(["national", "000.00.00.H49", "000.00.11.H49"], rows)
    other = apply_overrides(["national", "000.00.00.H55"], rows)
    assert province.is_working_day(saturday) and not province.is_working_day(monday)
    assert not department.is_working_day(saturday) and not department.is_working_day(monday)
    assert other.is_working_day(saturday) and other.is_working_day(monday)
