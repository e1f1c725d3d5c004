"""Feedback rules read against R-FB-4 (answer within 3 working days) and the public Q&A's privacy."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from intake.feedback import rules
from intake.ratings import rules as rating_rules
from servicekit.auth import Principal
from servicekit.calendar import WorkingCalendar

VN = timezone(timedelta(hours=7))
NATIONAL = WorkingCalendar()


def test_r_fb_4_due_three_working_days_later_across_a_holiday_and_a_weekend() -> None:
    # Wednesday 29/4/2026: 30/4 and 1/5 are public holidays, 2-3/5 a weekend.
    deadline = rules.deadline(NATIONAL, datetime(2026, 4, 29, 10, 0, tzinfo=VN))
    assert deadline.received_on == date(2026, 4, 29)
    assert deadline.due_date == date(2026, 5, 6)  # Mon 4, Tue 5, Wed 6
    assert deadline.remind_on == date(2026, 5, 5)


def test_r_fb_4_the_agencys_declared_day_off_moves_the_due_date() -> None:
    agency = WorkingCalendar(extra_days_off=[date(2026, 5, 5)])
    assert rules.deadline(agency, datetime(2026, 4, 29, 10, 0, tzinfo=VN)).due_date == date(2026, 5, 7)
    # A swapped working Saturday counts.
    swapped = WorkingCalendar(working_days=[date(2026, 5, 2)])
    assert rules.deadline(swapped, datetime(2026, 4, 29, 10, 0, tzinfo=VN)).due_date == date(2026, 5, 5)


def test_r_fb_4_feedback_sent_on_a_day_off_is_received_the_next_working_day() -> None:
    # Saturday evening 25/4/2026 (UTC morning of the 25th is still Saturday in Hà Nội); the 26th
    # (Hùng Kings) falls on Sunday and is observed on Monday 27th.
    deadline = rules.deadline(NATIONAL, datetime(2026, 4, 25, 13, 0, tzinfo=UTC))
    assert deadline.received_on == date(2026, 4, 28)
    # Not counted: the 28th itself; then 29/4, (30/4, 1/5 holidays, weekend), 4/5, 5/5.
    assert deadline.due_date == date(2026, 5, 5)
    # Late on a working day: no cut-off hour, the day counts.
    assert rules.received_on(NATIONAL, datetime(2026, 4, 29, 22, 30, tzinfo=VN)) == date(2026, 4, 29)


def test_r_fb_4_the_reminder_is_the_working_day_before_the_due_date() -> None:
    # Due Monday 11/5/2026: warned on Friday 8/5, with one working day left until Monday.
    deadline = rules.deadline(NATIONAL, datetime(2026, 5, 6, 9, 0, tzinfo=VN))
    assert deadline.due_date == date(2026, 5, 11)
    assert deadline.remind_on == date(2026, 5, 8)
    assert rules.working_days_left(due_date=date(2026, 5, 11), today=date(2026, 5, 9)) == 1
    assert rules.working_days_left(due_date=date(2026, 5, 11), today=date(2026, 5, 11)) == 0


def test_r_fb_4_an_answer_on_the_due_date_is_on_time_and_after_it_late_in_working_days() -> None:
    due = date(2026, 5, 6)
    assert rules.verdict(NATIONAL, due_date=due, answered_on=due) == (True, 0)
    assert rules.verdict(NATIONAL, due_date=due, answered_on=date(2026, 5, 7)) == (False, 1)
    # Friday 8/5 → Monday 11/5 is three working days after Wednesday 6/5.
    assert rules.verdict(NATIONAL, due_date=due, answered_on=date(2026, 5, 11)) == (False, 3)
    # Answered on the weekend after the due date: late, though no working day has passed.
    assert rules.verdict(NATIONAL, due_date=date(2026, 5, 8), answered_on=date(2026, 5, 9)) == (False, 1)


def test_r_fb_4_only_handlers_of_the_agency_answer() -> None:
    desk = Principal(
        subject="o1", kind="official", roles=frozenset({"reception_officer"}), agencies=frozenset({"A"})
    )
    admin = Principal(
        subject="o2", kind="official", roles=frozenset({"catalog_admin"}), agencies=frozenset({"A"})
    )
    citizen = Principal(subject="c1", kind="citizen", agencies=frozenset({"A"}))
    assert rules.may_handle(desk, "A") and not rules.may_handle(desk, "B")
    assert not rules.may_handle(admin, "A") and not rules.may_handle(citizen, "A")
    head = Principal(
        subject="o3", kind="official", roles=frozenset({"agency_leader"}), agencies=frozenset({"A"})
    )
    assert rules.may_supervise(head, "A") and not rules.may_supervise(desk, "A")


def test_the_public_qa_leaves_personal_data_out() -> None:
    text = (
        "Tôi là Nguyễn Văn An, CCCD 001090012345, điện thoại 0912 345 678 hoặc +84912345678, "
        "email an.nguyen@example.vn, hồ sơ 000.00.25.H49-260429-0007 nộp ngày 29/4 chưa có kết quả; "
        "MST 0101234567-001. Thủ tục 1.000401 theo Điều 12."
    )
    out = rules.redact(text, names=["Nguyễn Văn An"])
    for secret in (
        "Nguyễn Văn An",
        "001090012345",
        "0912 345 678",
        "84912345678",
        "an.nguyen",
        "260429",
        "0101234567",
    ):
        assert secret not in out, secret
    # What is not personal stays readable: dates, the procedure code, the article.
    assert "29/4" in out and "1.000401" in out and "Điều 12" in out
    assert out.count(rules.REDACTED) == 7
    assert rules.redact("nguyễn văn an hỏi", names=["Nguyễn Văn An"]) == f"{rules.REDACTED} hỏi"


def test_r_fb_5_a_rating_opens_with_the_result_and_closes_after_the_edit_window() -> None:
    assert rating_rules.may_rate("resolved") and rating_rules.may_rate("returned")
    for status in ("submitted", "received", "processing", "refused", "withdrawn", "stopped"):
        assert not rating_rules.may_rate(status), status
    first = datetime(2026, 5, 6, 3, 0, tzinfo=UTC)
    until = rating_rules.editable_until(first, edit_days=7)
    assert until == datetime(2026, 5, 13, 3, 0, tzinfo=UTC)
    assert rating_rules.may_edit(until, until - timedelta(seconds=1))
    assert not rating_rules.may_edit(until, until)
