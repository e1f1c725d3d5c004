"""The answer to feedback reaches its submitter (R-FB-4): an account holder in the inbox and by email
per their preferences, someone who wrote without an account at the email address they gave."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from contracts.events import FEEDBACK_ANSWERED, FeedbackAnswered, FeedbackTarget
from servicekit.db import utcnow
from servicekit.testing import eventually
from services.notify.tests.service.support import AGENCY, Notify, unique_email


def answered(**submitter: Any) -> FeedbackAnswered:
    now = utcnow()
    return FeedbackAnswered(
        feedback_id=uuid.uuid4(),
        agency_code=AGENCY,
        target=FeedbackTarget.DOSSIER,
        dossier_id=uuid.uuid4(),
        dossier_code=f"{AGENCY}-260429-0042",
        procedure_code="1.005129",
        title="Chậm trả kết quả",
        due_date=date(2026, 5, 6),
        occurred_at=now,
        answer="Kết quả đã được trả ngày 05/05/2026. Xin cảm ơn Ông/Bà.",
        answered_at=now,
        answered_by="officer-1",
        answered_by_name="Phạm Thị Tiếp Nhận",
        on_time=True,
        working_days_late=0,
        published=False,
        **submitter,
    )


async def test_r_fb_4_an_account_holder_reads_the_answer_in_the_inbox_and_by_email(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email, name="Trần Thị Bình")
    event = answered(submitter_subject=citizen)
    await notify.publish(FEEDBACK_ANSWERED, event, key=str(event.feedback_id))

    mail = await notify.mail_to(email)
    assert mail.subject == "Phản ánh, kiến nghị của Ông/Bà đã được trả lời"
    assert mail.text is not None and "Kính gửi Trần Thị Bình," in mail.text
    assert (
        "về hồ sơ 000.00.00.G12-260429-0042" in mail.text
        and "Kết quả đã được trả ngày 05/05/2026" in mail.text
    )
    entries = await eventually(lambda: notify.inbox(citizen), message="in-app entry")
    assert entries[0]["title"] == mail.subject


async def test_r_fb_4_a_submitter_without_an_account_gets_the_answer_at_the_address_given(
    notify: Notify,
) -> None:
    email = unique_email()
    event = answered(submitter_name="Lê Văn Ba", contact_email=email)
    await notify.publish(FEEDBACK_ANSWERED, event, key=str(event.feedback_id))
    mail = await notify.mail_to(email)
    assert mail.text is not None and "Kính gửi Lê Văn Ba," in mail.text
    assert (
        "Xin cảm ơn Ông/Bà." in mail.text and mail.subject == "Phản ánh, kiến nghị của Ông/Bà đã được trả lời"
    )
