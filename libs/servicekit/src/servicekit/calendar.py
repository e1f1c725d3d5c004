"""Vietnamese working-day calendar: pure date arithmetic, no I/O.

Rules (see DOMAIN.md):

- R-FMT-7: days off are Saturdays, Sundays and the public holidays of Labour Code 2019 Art. 112
  (including Tết, from the lunar calendar) as computed by the ``holidays`` package, plus the days
  an administrator declares. The package knows only the government's yearly swaps it has been
  taught, so administrators add bridge days (``extra_days_off``) and swapped working Saturdays
  (``working_days``); these overrides win over the built-in rules.
- R-FMT-8: when counting a time limit the day of the event is not counted, so the appointment
  date is the N-th working day strictly after the reception date.
- R-PROC-1 / R-FMT-8: desk dossiers received after 15:00 go to the agency at the start of the next
  working day, and online dossiers filed outside working hours or on a day off are received on the
  next working day.

Everything is reckoned in Asia/Ho_Chi_Minh. Calendars are immutable; the built-in holidays are
computed once per year, lazily, and shared by every calendar in the process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "CUTOFF",
    "VN_TZ",
    "CalendarOverrides",
    "WorkingCalendar",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# R-PROC-1: desk dossiers received at or after 15:00 go to the agency the next working day.
CUTOFF = time(15, 0)

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5  # date.weekday(): Saturday and Sunday are the weekly days off.


@lru_cache(maxsize=256)
def _builtin_days_off(year: int) -> frozenset[date]:
    """Every day off of one year by the built-in rules (weekends and holidays), computed once."""
    vn = holidays.country_holidays("VN", years=year)
    # The package also reports swaps of other years (e.g. a 2014 Saturday worked for 2/1/2015);
    # keep only this year's so that each year's set stands on its own.
    working_weekend_days = {d for d in vn.weekend_workdays if d.year == year}
    first = date(year, 1, 1)
    weekends = {
        d
        for d in (first + timedelta(days=i) for i in range(366))
        if d.year == year and d.weekday() >= _SATURDAY
    }
    return frozenset((weekends - working_weekend_days) | {d for d in vn if d.year == year})


def _require_date(value: date, what: str) -> None:
    # A datetime is a date subclass but never equals one, so holiday look-ups would silently miss.
    if isinstance(value, datetime):
        raise TypeError(f"{what} must be a date, not a datetime (use reception_date for a moment)")


@dataclass(frozen=True, slots=True)
class CalendarOverrides:
    """Days an administrator declares (R-FMT-7); they win over the ``holidays`` package."""

    extra_days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        for d in (*self.extra_days_off, *self.working_days):
            _require_date(d, "an override")
        both = self.extra_days_off & self.working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"days declared both off and working: {listed}")


class WorkingCalendar:
    """Working days in Vietnam: weekends and public holidays off, administrator overrides on top."""

    __slots__ = ("_overrides",)

    def __init__(self, *, extra_days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> None:
        self._overrides = CalendarOverrides(frozenset(extra_days_off), frozenset(working_days))

    @classmethod
    def from_overrides(cls, overrides: CalendarOverrides) -> WorkingCalendar:
        """Build a calendar from overrides loaded from the administrators' data."""
        return cls(extra_days_off=overrides.extra_days_off, working_days=overrides.working_days)

    @property
    def overrides(self) -> CalendarOverrides:
        """The administrator's overrides this calendar applies."""
        return self._overrides

    def with_overrides(
        self, *, extra_days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkingCalendar:
        """A new calendar with more overrides on top of this one's; the newer declaration of a day wins."""
        new_off = frozenset(extra_days_off)
        new_working = frozenset(working_days)
        # Validate the new declarations on their own first: a day cannot be both in one call.
        CalendarOverrides(new_off, new_working)
        old = self._overrides
        return WorkingCalendar(
            extra_days_off=(old.extra_days_off - new_working) | new_off,
            working_days=(old.working_days - new_off) | new_working,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return self._overrides == other._overrides

    def __hash__(self) -> int:
        return hash(self._overrides)

    def __repr__(self) -> str:
        return f"WorkingCalendar({self._overrides!r})"

    # -- days ---------------------------------------------------------------------------------

    def _is_working(self, d: date) -> bool:
        overrides = self._overrides
        if d in overrides.working_days:
            return True
        if d in overrides.extra_days_off:
            return False
        return d not in _builtin_days_off(d.year)

    def _next_working(self, d: date) -> date:
        d += _ONE_DAY
        while not self._is_working(d):
            d += _ONE_DAY
        return d

    def is_working_day(self, d: date) -> bool:
        """Whether offices work on ``d`` (R-FMT-7): not a weekend or holiday unless declared working."""
        _require_date(d, "d")
        return self._is_working(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        _require_date(d, "d")
        return self._next_working(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (R-FMT-8: the event's day is not counted).

        ``n == 0`` gives ``start`` itself if it is a working day, else the next working day.
        """
        _require_date(start, "start")
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start if self._is_working(start) else self._next_working(start)
        d = start
        for _ in range(n):
            d = self._next_working(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d satisfy ``start < d <= end``; negative when ``end < start``.

        For n >= 1, ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        _require_date(start, "start")
        _require_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            if self._is_working(d):
                count += 1
            d += _ONE_DAY
        return count

    # -- dossiers -----------------------------------------------------------------------------

    def reception_date(self, at: datetime, *, cutoff: time = CUTOFF) -> date:
        """The working day a dossier counts as received on (R-PROC-1, R-FMT-8), in Asia/Ho_Chi_Minh.

        Before the cut-off on a working day it is that day; otherwise (a desk dossier after 15:00,
        an online one filed in the evening or on a day off) it is the next working day.
        """
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("reception_date needs an aware datetime, got a naive one")
        if cutoff.tzinfo is not None:
            raise ValueError("cutoff is a local wall-clock time in Asia/Ho_Chi_Minh; pass it naive")
        local = at.astimezone(VN_TZ)
        day = local.date()
        if self._is_working(day) and local.time() < cutoff:
            return day
        return self._next_working(day)

    def due_date(self, received_on: date, limit_working_days: int) -> date:
        """The appointment date: ``limit_working_days`` working days after reception (R-FMT-8)."""
        return self.add_working_days(received_on, limit_working_days)

    def is_overdue(self, due: date, today: date) -> bool:
        """Whether ``today`` is past the due date; a result returned on the due date is on time."""
        _require_date(due, "due")
        _require_date(today, "today")
        return today > due

    def working_days_left(self, due: date, today: date) -> int:
        """Working days from ``today`` (excluded) to ``due`` (included); negative means days late."""
        return self.working_days_between(today, due)
