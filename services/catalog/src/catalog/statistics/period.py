"""The period a figure covers (R-STAT-6): a year "from 1 January", or a range of local dates. No I/O.

Dates are legal dates in Asia/Ho_Chi_Minh. A period runs from 00:00 of its first day to 24:00 of its
last; a milestone counts in the period when it happened inside it. Figures that are a state rather
than a flow (dossiers pending, overdue) are taken at the period's end — now, when it ends today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from servicekit.calendar import VN_TZ
from servicekit.errors import FieldError, ServiceError
from servicekit.i18n import Text

MAX_DAYS = 366


class PeriodInvalid(ServiceError):
    status = 422
    code = "statistics_period_invalid"
    title = Text("Khoảng thời gian không hợp lệ", "Invalid period")
    detail = Text(
        "Khoảng thời gian thống kê không hợp lệ; xem chi tiết từng tham số.",
        "The statistics period is invalid; see each parameter.",
    )


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    now: datetime

    @property
    def start_at(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=VN_TZ)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period (00:00 of the day after its last day)."""
        after = self.end + timedelta(days=1)
        return datetime(after.year, after.month, after.day, tzinfo=VN_TZ)

    @property
    def snapshot_at(self) -> datetime:
        """When pending and overdue dossiers are counted: the end of the period, or now."""
        return min(self.now, self.end_at)

    @property
    def snapshot_date(self) -> date:
        """The local date at the snapshot: a dossier is overdue when its appointment date is before it."""
        return self.snapshot_at.astimezone(VN_TZ).date()

    @property
    def today(self) -> date:
        return self.now.astimezone(VN_TZ).date()

    @property
    def year_to_date(self) -> bool:
        return self.start == date(self.today.year, 1, 1) and self.end == self.today


def _error(name: str, code: str, text: Text, **params: Any) -> FieldError:
    return FieldError(name, code, text.render(**params))


def resolve(*, year: int | None, start: date | None, end: date | None, now: datetime) -> Period:
    """The period asked for; by default from 1 January of this year to today (R-STAT-6)."""
    today = now.astimezone(VN_TZ).date()
    errors: list[FieldError] = []
    if year is not None and (start is not None or end is not None):
        errors.append(
            _error(
                "year",
                "year_with_range",
                Text(
                    "Chọn năm hoặc khoảng ngày (from, to), không dùng cả hai.",
                    "Give a year or from/to, not both.",
                ),
            )
        )
    elif year is not None:
        if year > today.year:
            errors.append(
                _error(
                    "year",
                    "year_in_future",
                    Text(
                        "Chỉ có số liệu đến năm hiện tại ({current}).",
                        "Figures exist up to the current year ({current}).",
                    ),
                    current=today.year,
                )
            )
        else:
            start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    else:
        end = end or today
        start = start or date(end.year, 1, 1)
        if end > today:
            errors.append(
                _error(
                    "to",
                    "date_in_future",
                    Text(
                        "Ngày kết thúc không được sau hôm nay ({today}).",
                        "The last day cannot be after today ({today}).",
                    ),
                    today=today.isoformat(),
                )
            )
        elif start > end:
            errors.append(
                _error(
                    "from",
                    "range_reversed",
                    Text(
                        "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
                        "The first day must not be after the last.",
                    ),
                )
            )
        elif (end - start).days >= MAX_DAYS:
            errors.append(
                _error(
                    "from",
                    "range_too_long",
                    Text("Khoảng thời gian tối đa {days} ngày.", "A period covers at most {days} days."),
                    days=MAX_DAYS,
                )
            )
    if errors:
        raise PeriodInvalid(errors=errors)
    assert start is not None and end is not None
    return Period(start=start, end=end, now=now)
