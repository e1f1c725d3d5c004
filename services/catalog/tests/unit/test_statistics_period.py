"""R-STAT-6 periods: from 1 January to today by default, in Asia/Ho_Chi_Minh; stock figures (pending,
overdue) taken at the end of the period, or now when it ends today."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from catalog.statistics.period import PeriodInvalid, resolve

# 22 November 2026, 23:30 in Hanoi (16:30 UTC).
NOW = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)


def test_by_default_from_1_january_to_today_in_vietnam() -> None:
    period = resolve(year=None, start=None, end=None, now=NOW)
    assert (period.start, period.end, period.year_to_date) == (date(2026, 1, 1), date(2026, 11, 22), True)
    assert period.start_at == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 00:00 in Hanoi
    assert period.snapshot_at == NOW and period.snapshot_date == date(2026, 11, 22)


def test_a_past_period_is_counted_up_to_midnight_after_its_last_day() -> None:
    period = resolve(year=None, start=date(2026, 3, 1), end=date(2026, 3, 31), now=NOW)
    assert period.end_at == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)  # 1 April, 00:00 in Hanoi
    assert period.snapshot_at == period.end_at
    # Promised on 31 March and still open at that midnight: overdue (the date is before 1 April).
    assert period.snapshot_date == date(2026, 4, 1) and not period.year_to_date


def test_a_whole_year_and_this_year_so_far() -> None:
    assert resolve(year=2025, start=None, end=None, now=NOW).end == date(2025, 12, 31)
    assert resolve(year=2026, start=None, end=None, now=NOW).end == date(2026, 11, 22)
    only_end = resolve(year=None, start=None, end=date(2025, 6, 30), now=NOW)
    assert only_end.start == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"year": 2027}, "year_in_future"),
        ({"year": 2026, "end": date(2026, 2, 1)}, "year_with_range"),
        ({"end": date(2026, 11, 23)}, "date_in_future"),
        ({"start": date(2026, 5, 2), "end": date(2026, 5, 1)}, "range_reversed"),
        ({"start": date(2025, 1, 1), "end": date(2026, 1, 2)}, "range_too_long"),
    ],
)
def test_periods_that_cannot_be_counted(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {"year": None, "start": None, "end": None} | kwargs
    with pytest.raises(PeriodInvalid) as refused:
        resolve(now=NOW, **arguments)  # type: ignore[arg-type]
    assert [e["code"] for e in refused.value.errors] == [code]
