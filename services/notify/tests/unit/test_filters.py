"""Dates in notices are local (Asia/Ho_Chi_Minh) dd/mm/yyyy; amounts are VND with dots (1.500.000 đ)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from notify.templates.filters import format_date, format_datetime, format_vnd


def test_a_legal_date_prints_as_day_month_year() -> None:
    assert format_date(date(2026, 2, 27)) == "27/02/2026"
    assert format_date("2026-12-04") == "04/12/2026"


def test_a_timestamp_prints_as_the_local_day_in_vietnam() -> None:
    # 18:30 UTC on the 4th is 01:30 on the 5th in Hà Nội (UTC+7).
    late = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)
    assert format_date(late) == "05/12/2026"
    assert format_datetime(late) == "01:30 05/12/2026"
    assert format_datetime("2026-11-23T02:30:00Z") == "09:30 23/11/2026"


@pytest.mark.parametrize(
    ("amount", "printed"),
    [(1_500_000, "1.500.000 đ"), (0, "0 đ"), (999, "999 đ"), (1000, "1.000 đ"), (-25_000, "-25.000 đ")],
)
def test_vnd_amounts_use_dots_between_thousands(amount: int, printed: str) -> None:
    assert format_vnd(amount) == printed


def test_filters_refuse_values_of_the_wrong_kind() -> None:
    with pytest.raises(TypeError):
        format_vnd([1, 2])
    with pytest.raises(TypeError):
        format_date(12)
