"""Pure rules of feedback (no I/O): the answer deadline in working days, the verdict on an answer,
who may do what, and what the public Q&A may show (R-FB-4).

The deadline reads like the one of a dossier (R-FMT-8): feedback that arrives on a day off counts as
received on the next working day, the day it is received is not counted, and the answer is due on
the 3rd working day after it. Calendars are the agency's (weekends, holidays incl. Tết, the days its
administrators declared).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from servicekit.auth import Principal
from servicekit.calendar import VN_TZ, WorkingCalendar

#: R-FB-4: the agency answers within 3 working days.
ANSWER_WORKING_DAYS = 3
#: Officials who handle feedback for their agency: the desk, specialists and their heads.
HANDLER_ROLES = frozenset({"reception_officer", "specialist", "unit_head", "agency_leader"})
#: Officials who read the agency's accountability figures.
SUPERVISOR_ROLES = frozenset({"unit_head", "agency_leader", "agency_admin"})


class FeedbackStatus(StrEnum):
    RECEIVED = "received"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {"received": "Đã tiếp nhận, đang xử lý", "answered": "Đã trả lời"}[self.value]


class HistoryAction(StrEnum):
    SUBMITTED = "submitted"
    FORWARDED = "forwarded"
    ANSWERED = "answered"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    DUE_SOON_NOTIFIED = "due_soon_notified"
    OVERDUE_NOTIFIED = "overdue_notified"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    HistoryAction.SUBMITTED: "Tiếp nhận phản ánh, kiến nghị",
    HistoryAction.FORWARDED: "Chuyển cơ quan có thẩm quyền",
    HistoryAction.ANSWERED: "Trả lời",
    HistoryAction.PUBLISHED: "Công khai trên mục Hỏi đáp",
    HistoryAction.UNPUBLISHED: "Thôi công khai",
    HistoryAction.CONSENT_GIVEN: "Người gửi đồng ý công khai",
    HistoryAction.CONSENT_WITHDRAWN: "Người gửi rút đồng ý công khai",
    HistoryAction.DUE_SOON_NOTIFIED: "Cảnh báo sắp đến hạn trả lời",
    HistoryAction.OVERDUE_NOTIFIED: "Cảnh báo quá hạn trả lời",
}


@dataclass(frozen=True)
class Deadline:
    """When feedback counts as received, when its answer is due, and when to warn that it is near."""

    received_on: date
    due_date: date
    remind_on: date


def received_on(calendar: WorkingCalendar, at: datetime) -> date:
    """The working day feedback counts as received on: the day itself, or the next working day when it
    arrives on a day off (no cut-off hour: feedback is not a desk dossier)."""
    day = at.astimezone(VN_TZ).date()
    return day if calendar.is_working_day(day) else calendar.next_working_day(day)


def previous_working_day(calendar: WorkingCalendar, day: date) -> date:
    candidate = date.fromordinal(day.toordinal() - 1)
    while not calendar.is_working_day(candidate):
        candidate = date.fromordinal(candidate.toordinal() - 1)
    return candidate


def deadline(calendar: WorkingCalendar, at: datetime, *, working_days: int = ANSWER_WORKING_DAYS) -> Deadline:
    """R-FB-4: due on the ``working_days``-th working day after reception; warned one working day before."""
    start = received_on(calendar, at)
    due = calendar.add_working_days(start, working_days)
    return Deadline(
        received_on=start, due_date=due, remind_on=max(start, previous_working_day(calendar, due))
    )


def verdict(calendar: WorkingCalendar, *, due_date: date, answered_on: date) -> tuple[bool, int]:
    """Whether an answer given on ``answered_on`` is on time, and how many working days late it is."""
    if answered_on <= due_date:
        return True, 0
    return False, max(1, calendar.working_days_between(due_date, answered_on))


def working_days_left(*, due_date: date, today: date) -> int:
    """Between the reminder day and the due date there is no working day but the due date itself."""
    return 0 if today >= due_date else 1


def may_handle(principal: Principal, agency_code: str) -> bool:
    """An official of the agency the feedback is routed to, in a role that handles feedback."""
    return (
        principal.kind == "official"
        and principal.serves_agency(agency_code)
        and bool(principal.roles & HANDLER_ROLES)
    )


def may_supervise(principal: Principal, agency_code: str) -> bool:
    return (
        principal.kind == "official"
        and principal.serves_agency(agency_code)
        and bool(principal.roles & SUPERVISOR_ROLES)
    )


# -- the public Q&A: personal data left out -----------------------------------------------------

REDACTED = "[đã ẩn]"
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # email addresses
    re.compile(r"\b\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}-\d{6}-\d{4}\b"),  # dossier codes (R-FMT-2)
    re.compile(r"(?<!\d)\d{12}(?!\d)"),  # personal identification numbers (CCCD)
    re.compile(r"(?<!\d)\d{10}(?:-\d{3})?(?!\d)"),  # tax codes, 10-digit phone numbers
    re.compile(r"(?<![\d\w])(?:\+84|0)(?:[ .-]?\d){8,10}(?!\d)"),  # phone numbers, with separators
    re.compile(r"(?<!\d)\d{9}(?!\d)"),  # old identity card numbers (CMND)
)


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with email addresses, phone numbers, identity and tax numbers, dossier codes and the
    given names (the submitter's) replaced by a marker, for the public Q&A."""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(name), REDACTED, text, flags=re.IGNORECASE)
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text
