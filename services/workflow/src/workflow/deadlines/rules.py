"""Pure deadline rules (no I/O), in working days with the agency's calendar.

- R-PROC-1: a dossier received on a working day before 15:00 reaches the agency that day; otherwise at
  the start of the next working day. The time limit counts from that day (R-FMT-8: not the day itself).
- Step budgets are cumulative within a stage: a step is due ⌈budget so far⌉ working days after the
  stage started (a half-day step shares its day with the next half-day one).
- R-PROC-3: a supplement after appraisal may be asked within 3 working days of reception; the time
  limit restarts from zero when the complete dossier comes back.
- R-PROC-8: the date may be moved once, at least one working day before it, to a later working day.
- Verdicts: a step or dossier finished before its due date is early, on it on time, after it late.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import StrEnum

from servicekit.calendar import WorkingCalendar

SUPPLEMENT_WINDOW_WORKING_DAYS = 3
EXTENSION_NOTICE_WORKING_DAYS = 1


def clock_start(calendar: WorkingCalendar, received_at: datetime) -> date:
    """The day the agency has the dossier (R-PROC-1 cut-off); the time limit counts after it."""
    return calendar.reception_date(received_at)


def due_after(calendar: WorkingCalendar, start: date, working_days: float) -> date:
    """``working_days`` (by half days) after ``start``; 0 is ``start`` itself (or the next working day)."""
    return calendar.add_working_days(start, math.ceil(working_days))


def supplement_window_open(calendar: WorkingCalendar, *, clock_started_on: date, today: date) -> bool:
    """R-PROC-3: within 3 working days of reception (the reception day not counted)."""
    return calendar.working_days_between(clock_started_on, today) <= SUPPLEMENT_WINDOW_WORKING_DAYS


class ExtensionRefusal(StrEnum):
    ALREADY_EXTENDED = "already_extended"
    TOO_LATE = "too_late"
    NOT_LATER = "not_later"
    NOT_WORKING_DAY = "not_working_day"


def extension_refusal(
    calendar: WorkingCalendar, *, due: date, today: date, new_date: date, already_extended: bool
) -> ExtensionRefusal | None:
    """Why an extension to ``new_date`` cannot be recorded today (R-PROC-8), or None when it can."""
    if already_extended:
        return ExtensionRefusal.ALREADY_EXTENDED
    if calendar.working_days_between(today, due) < EXTENSION_NOTICE_WORKING_DAYS:
        return ExtensionRefusal.TOO_LATE
    if new_date <= due:
        return ExtensionRefusal.NOT_LATER
    if not calendar.is_working_day(new_date):
        return ExtensionRefusal.NOT_WORKING_DAY
    return None


class Verdict(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


def verdict(done_on: date, due: date) -> Verdict:
    if done_on < due:
        return Verdict.EARLY
    if done_on == due:
        return Verdict.ON_TIME
    return Verdict.LATE


class Standing(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def standing(
    calendar: WorkingCalendar, *, due: date, today: date, soon_working_days: int
) -> tuple[Standing, int] | None:
    """Overdue (with working days late, at least 1) or due soon (with working days left), else None.

    Late days count working days after the due date; a deadline that fell on Friday is one working day
    late on Monday, not three. Days left count working days after today up to the due date.
    """
    if today > due:
        return Standing.OVERDUE, max(1, calendar.working_days_between(due, today))
    left = calendar.working_days_between(today, due)
    if left <= soon_working_days:
        return Standing.DUE_SOON, left
    return None
