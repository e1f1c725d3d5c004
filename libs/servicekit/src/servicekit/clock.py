"""The service's clock: "now" and today's legal date (Asia/Ho_Chi_Minh, DESIGN §6), read in one place.

Rules that depend on the time (answer deadlines, edit windows, deadline watchers) read it here, so a
test or a benchmark can stand a service on the eve of Tết without waiting for it. A service keeps
its clock on ``app.state.clock``; ``ClockDep`` reads it (the system clock when none was set).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Protocol

from fastapi import Depends, Request

from servicekit.calendar import VN_TZ
from servicekit.db import utcnow

__all__ = ["Clock", "ClockDep", "ManualClock", "SystemClock", "clock_of", "local_today"]


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time (UTC, aware)."""

    def now(self) -> datetime:
        return utcnow()


class ManualClock:
    """A clock that stands still until set or advanced (tests, benchmark data)."""

    def __init__(self, at: datetime) -> None:
        self._at = _aware(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = _aware(at)

    def advance(self, delta: timedelta) -> None:
        self._at += delta


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("ManualClock needs an aware datetime")
    return at


def local_today(clock: Clock) -> date:
    """Today's date in Vietnam, where legal dates are counted."""
    return clock.now().astimezone(VN_TZ).date()


_SYSTEM = SystemClock()


def clock_of(request: Request) -> Clock:
    """The app's clock (``app.state.clock``), or the system clock."""
    clock: Clock = getattr(request.app.state, "clock", _SYSTEM)
    return clock


ClockDep = Annotated[Clock, Depends(clock_of)]
