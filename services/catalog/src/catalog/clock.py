"""Today's date where the law counts it: Asia/Ho_Chi_Minh (validity dates, statistics years)."""

from __future__ import annotations

from datetime import date, datetime

from servicekit.calendar import VN_TZ
from servicekit.db import utcnow


def today_vn() -> date:
    return utcnow().astimezone(VN_TZ).date()


def year_start_vn(year: int) -> datetime:
    """Midnight of 1 January in Vietnam, as an aware datetime (R-STAT-6 "since 1 January")."""
    return datetime(year, 1, 1, tzinfo=VN_TZ)
