"""Which event tells the applicant what: one notice per transition, an early result announced as such
(R-RES-1), amounts and dates passed as values for the templates to format."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from contracts.events import (
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_SUPPLEMENTED,
    FEEDBACK_ANSWERED,
    PROCESS_STARTED,
    DossierResolved,
    DossierReturned,
    FeedbackAnswered,
    FeedbackTarget,
    ProcessStarted,
)
from contracts.lifecycle import Channel as DossierChannel
from notify.notices.mapping import MAPPERS, direct_notices_for, notices_for, resolved_kind

COMMON = {
    "dossier_id": uuid.uuid4(),
    "dossier_code": "000.00.00.G12-261123-0007",
    "agency_code": "000.00.00.G12",
    "procedure_code": "1.005129",
    "applicant_subject": "citizen-1",
}


def resolved(at: datetime, appointment: date) -> DossierResolved:
    return DossierResolved(
        **COMMON, occurred_at=at, decided_by="leader", appointment_date=appointment, on_time=True
    )


def test_a_result_before_the_appointment_date_is_announced_as_an_early_return() -> None:
    kind, ready = resolved_kind(resolved(datetime(2026, 11, 30, 3, 0, tzinfo=UTC), date(2026, 12, 4)))
    assert (kind, ready) == ("dossier.early_return", date(2026, 11, 30))


def test_a_result_on_the_appointment_date_is_simply_ready() -> None:
    # 20:00 UTC on 3/12 is already 4/12 in Vietnam: the appointment day itself.
    kind, _ = resolved_kind(resolved(datetime(2026, 12, 3, 20, 0, tzinfo=UTC), date(2026, 12, 4)))
    assert kind == "dossier.result_ready"


def test_an_early_result_notice_carries_the_ready_date() -> None:
    (notice,) = notices_for(
        DOSSIER_RESOLVED, resolved(datetime(2026, 11, 30, 3, tzinfo=UTC), date(2026, 12, 4))
    )
    assert notice.kind == "dossier.early_return" and notice.variables["ready_date"] == date(2026, 11, 30)
    assert notice.recipient_subject == "citizen-1" and notice.dossier_id == COMMON["dossier_id"]


def test_the_return_channel_is_worded_in_both_languages() -> None:
    event = DossierReturned(**COMMON, occurred_at=datetime.now(UTC), return_channel=DossierChannel.POSTAL)
    (notice,) = notices_for(DOSSIER_RETURNED, event)
    assert notice.variables["return_channel"].vi == "qua dịch vụ bưu chính công ích"


def test_process_started_and_supplemented_notify_nobody() -> None:
    started = ProcessStarted(
        dossier_id=uuid.uuid4(),
        process_instance_id=uuid.uuid4(),
        agency_code="000.00.00.G12",
        applicant_subject="citizen-1",
        started_at=datetime.now(UTC),
    )
    assert notices_for(PROCESS_STARTED, started) == []
    assert DOSSIER_SUPPLEMENTED not in MAPPERS


def feedback_answered(**submitter: Any) -> FeedbackAnswered:
    return FeedbackAnswered(
        feedback_id=uuid.uuid4(),
        agency_code="000.00.00.G12",
        target=FeedbackTarget.PROCEDURE,
        procedure_code="1.005129",
        title="Chậm trả kết quả",
        due_date=date(2026, 5, 6),
        occurred_at=datetime(2026, 5, 6, 9, tzinfo=UTC),
        answer="Đã trả kết quả ngày 5/5.",
        answered_at=datetime(2026, 5, 6, 9, tzinfo=UTC),
        answered_by="officer-1",
        on_time=True,
        working_days_late=0,
        published=False,
        **submitter,
    )


def test_r_fb_4_an_answer_reaches_an_account_holder_as_a_notice() -> None:
    event = feedback_answered(submitter_subject="citizen-1")
    (notice,) = notices_for(FEEDBACK_ANSWERED, event)
    assert notice.kind == "feedback.answered" and notice.recipient_subject == "citizen-1"
    assert notice.variables["answer"] == "Đã trả kết quả ngày 5/5."
    assert direct_notices_for(FEEDBACK_ANSWERED, event) == []


def test_r_fb_4_an_answer_reaches_a_submitter_without_account_at_the_addresses_given() -> None:
    event = feedback_answered(
        submitter_name="Lê Văn Ba", contact_email="ba@example.vn", contact_phone="0912000111"
    )
    assert notices_for(FEEDBACK_ANSWERED, event) == []
    direct = direct_notices_for(FEEDBACK_ANSWERED, event)
    assert [(d.channel.value, d.address) for d in direct] == [
        ("email", "ba@example.vn"),
        ("sms", "0912000111"),
    ]
    assert all(d.kind == "feedback.answered" and d.recipient_name == "Lê Văn Ba" for d in direct)
    assert direct[0].variables["feedback_title"] == "Chậm trả kết quả"
