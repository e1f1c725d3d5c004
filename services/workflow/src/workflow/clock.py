"""The service's clock: legal dates are local dates in Asia/Ho_Chi_Minh (DESIGN §6).

Every rule that depends on "now" (deadlines, the 3-day supplement window, the extension's one working
day) reads it here, so tests and the benchmark can run a dossier through Tết without waiting for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from servicekit.calendar import VN_TZ
from servicekit.db import utcnow


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return utcnow()


class ManualClock:
    """A clock that stands still until moved (tests, benchmark data)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._at = at


def local_today(clock: Clock) -> date:
    return clock.now().astimezone(VN_TZ).date()
