"""Time as payments needs it: UTC instants, and Vietnam's local dates and VNPay's local timestamps."""

from __future__ import annotations

from datetime import date, datetime

from servicekit.calendar import VN_TZ
from servicekit.db import utcnow

__all__ = ["VN_TZ", "local_date", "today_vn", "utcnow"]


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam of an instant (receipts, reports, reconciliation days)."""
    return moment.astimezone(VN_TZ).date()


def today_vn() -> date:
    return local_date(utcnow())
