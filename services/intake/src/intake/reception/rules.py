"""Pure rules of the desk: when a reception counts and when the result is promised (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from servicekit.calendar import WorkingCalendar


@dataclass(frozen=True)
class Promise:
    reception_date: date
    appointment_date: date


def appointment(calendar: WorkingCalendar, received_at: datetime, processing_days: int) -> Promise:
    """The reception date (15:00 cut-off, days off: R-PROC-1, R-FMT-8) and the appointment date, N
    working days after it, the reception day not counted (R-FMT-8). A procedure with an immediate
    result (0 days) is promised on its reception day (R-INT-4)."""
    reception_date = calendar.reception_date(received_at)
    return Promise(reception_date, calendar.due_date(reception_date, processing_days))


def place_of(address: str | None, fallback: str) -> str:
    """The place name of a letter's date line, from the agency's address: its last part, without the
    "tỉnh"/"thành phố" prefix ("…, tỉnh Quảng Ninh" → "Quảng Ninh")."""
    if not address:
        return fallback
    last = address.split(",")[-1].strip()
    for prefix in ("tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "):
        if last.startswith(prefix):
            return last[len(prefix) :].strip() or fallback
    return last or fallback
