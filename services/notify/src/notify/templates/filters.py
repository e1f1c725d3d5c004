"""Jinja filters for Vietnamese notices: local dates (Asia/Ho_Chi_Minh, dd/mm/yyyy) and VND amounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Undefined

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _defined(value: object) -> None:
    """A missing variable fed to a filter is reported as missing, not as a wrong type."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()


def _as_local(value: object) -> date | datetime:
    _defined(value)
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        # A naive datetime is taken as UTC: events carry aware UTC timestamps.
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo("UTC"))
        return value.astimezone(LOCAL_TZ)
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def format_date(value: Any) -> str:
    """``2026-12-04`` or a UTC timestamp → ``04/12/2026`` (the local day)."""
    local = _as_local(value)
    return f"{local.day:02d}/{local.month:02d}/{local.year:04d}"


def format_datetime(value: Any) -> str:
    """A timestamp → ``09:30 23/11/2026`` in local time."""
    local = _as_local(value)
    if not isinstance(local, datetime):
        return format_date(local)
    return f"{local.hour:02d}:{local.minute:02d} {format_date(local)}"


def format_vnd(value: Any) -> str:
    """``1500000`` → ``1.500.000 đ`` (dot as thousands separator, as written in Vietnam)."""
    _defined(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"not an amount: {value!r}")
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


FILTERS = {"date": format_date, "datetime": format_datetime, "vnd": format_vnd}
