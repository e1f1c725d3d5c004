"""Lifecycle events published in the contracts' shape become the notices the regulations require:
emails in a real SMTP server and in-app entries, once each, per the recipient's preferences, with
legal notices always in the inbox (R-NOTI-3, R-INT-3, R-PROC-8, R-RES-1)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import text

from contracts.events import (
    ACCOUNT_UPDATED,
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_RESOLVED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    MESSAGE_DELIVERED,
    NOTIFICATION_TOPIC,
    PAYMENT_FAILED,
    PAYMENT_REQUESTED,
    PAYMENT_WAIVED,
    AccountKind,
    AccountUpdated,
    DossierExtended,
    DossierProcessingStarted,
    DossierResolved,
    DossierSupplementRequested,
    FeeLine,
    PaymentFailed,
    PaymentMethod,
    PaymentRequested,
    PaymentWaived,
    SupplementItem,
)
from servicekit.db import utcnow
from servicekit.testing import eventually
from servicekit.testing.kafka import collect
from services.notify.tests.service.support import AGENCY, Notify, received, unique_email


async def test_reception_notice_arrives_by_email_and_in_app_with_code_and_dates(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email, name="Trần Thị Bình")
    event = received(citizen, appointment=date(2026, 12, 4))
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))

    mail = await notify.mail_to(email)
    assert mail.subject == f"Hồ sơ {event.dossier_code} đã được tiếp nhận"
    assert mail.text is not None and mail.html is not None
    assert "Kính gửi Trần Thị Bình," in mail.text
    assert "Ngày hẹn trả kết quả: 04/12/2026." in mail.text
    assert "04/12/2026" in mail.html and event.dossier_code in mail.html
    assert "Cổng Dịch vụ công" in (mail.header("From") or "")

    entries = await eventually(lambda: notify.inbox(citizen), message="in-app entry")
    assert entries[0]["title"] == mail.subject and entries[0]["dossier_id"] == str(event.dossier_id)
    messages = await notify.wait_messages(citizen, 2, status="delivered")
    assert {m["channel"] for m in messages} == {"email", "in_app"}
    assert all(m["legal_notice"] and m["template_code"] == "dossier.received" for m in messages)
    assert all(m["template_version"] == 1 and m["language"] == "vi" for m in messages)

    delivered = await collect(
        notify.kafka,
        NOTIFICATION_TOPIC,
        until=lambda events: (
            {e.data["message_id"] for e in events if e.type == MESSAGE_DELIVERED}
            >= {m["id"] for m in messages}
        ),
    )
    sample = next(e for e in delivered if e.data["message_id"] == messages[0]["id"])
    assert sample.data["dossier_id"] == str(event.dossier_id) and "body" not in str(sample.data)


async def test_supplement_request_lists_every_item_with_its_reason_and_guidance(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    items = tuple(
        SupplementItem(name=f"Giấy tờ số {n}", reason=f"Lý do {n}", guidance=f"Hướng dẫn {n}")
        for n in range(1, 4)
    )
    dossier_id = uuid.uuid4()
    await notify.publish(
        DOSSIER_SUPPLEMENT_REQUESTED,
        DossierSupplementRequested(
            dossier_id=dossier_id,
            agency_code=AGENCY,
            procedure_code="1.005129",
            applicant_subject=citizen,
            occurred_at=utcnow(),
            at_desk=True,
            items=items,
            requested_by="officer-1",
        ),
        key=str(dossier_id),
    )
    mail = await notify.mail_to(email)
    assert mail.subject == "Yêu cầu bổ sung, hoàn thiện hồ sơ"  # no dossier code before reception
    assert mail.text is not None and mail.html is not None
    for n, item in enumerate(items, start=1):
        assert f"{n}. {item.name}\nLý do: {item.reason}\nHướng dẫn: {item.guidance}" in mail.text
        assert item.guidance in mail.html
    assert "yêu cầu một lần, đầy đủ" in mail.text


async def test_event_data_cannot_inject_html_into_an_email(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email, name='<img src=x onerror="alert(1)">')
    dossier_id = uuid.uuid4()
    hostile = SupplementItem(
        name="<script>alert('xss')</script>", reason="<b>đậm</b>", guidance='<a href="//evil">x</a>'
    )
    await notify.publish(
        DOSSIER_SUPPLEMENT_REQUESTED,
        DossierSupplementRequested(
            dossier_id=dossier_id,
            agency_code=AGENCY,
            procedure_code="1.005129",
            applicant_subject=citizen,
            occurred_at=utcnow(),
            at_desk=False,
            items=(hostile,),
            requested_by="officer-1",
        ),
        key=str(dossier_id),
    )
    mail = await notify.mail_to(email)
    assert mail.html is not None
    assert "<script>" not in mail.html and "<img" not in mail.html and "<b>" not in mail.html
    assert "<a href" not in mail.html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in mail.html
    assert "<script>alert('xss')</script>" in (mail.text or "")  # plain text is shown as text


async def test_a_duplicated_event_sends_one_email_even_without_the_consumer_inbox(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    event = received(citizen)
    event_id = await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id), event_id=event_id)
    await notify.mail_to(email)
    await notify.wait_messages(citizen, 2, status="delivered")

    # Even if the consumer's inbox forgot the event, the unique message key stops a second send.
    async with notify.app.state.runtime.db.transaction() as session:
        await session.execute(text("delete from inbox where event_id = :id"), {"id": uuid.UUID(event_id)})
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id), event_id=event_id)
    # A later event on the same partition proves the redelivery was handled before it.
    marker = received(citizen, dossier_id=event.dossier_id)
    await notify.publish(DOSSIER_RECEIVED, marker, key=str(event.dossier_id))
    await notify.wait_messages(citizen, 4, status="delivered")
    mails = [m for m in notify.sink.find(to=email) if event.dossier_code in m.subject]
    assert len(mails) == 1
    assert len(await notify.messages(citizen, dossier_id=str(event.dossier_id))) == 4


async def test_switched_off_channels_get_nothing_but_legal_notices_still_reach_the_inbox(
    notify: Notify,
) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    headers = notify.tokens.headers(citizen)
    off = {"email": False, "sms": False, "in_app": False, "language": "vi"}
    saved = await notify.client.put(
        "/v1/notification-preferences", json=off, headers=headers | {"If-Match": '"0"'}
    )
    assert saved.status_code == 200, saved.text

    dossier_id = uuid.uuid4()
    await notify.publish(
        DOSSIER_PROCESSING_STARTED,
        DossierProcessingStarted(
            dossier_id=dossier_id,
            dossier_code=f"{AGENCY}-261123-0101",
            agency_code=AGENCY,
            procedure_code="1.005129",
            applicant_subject=citizen,
            occurred_at=utcnow(),
            due_date=date(2026, 12, 4),
        ),
        key=str(dossier_id),
    )
    legal = received(citizen, dossier_id=dossier_id)
    await notify.publish(DOSSIER_RECEIVED, legal, key=str(dossier_id))

    messages = await notify.wait_messages(citizen, 1, status="delivered")
    assert [(m["channel"], m["template_code"]) for m in messages] == [("in_app", "dossier.received")]
    assert [e["title"] for e in await notify.inbox(citizen)] == [
        f"Hồ sơ {legal.dossier_code} đã được tiếp nhận"
    ]
    assert notify.sink.find(to=email) == []


async def test_english_templates_for_a_user_who_chose_english(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    english = {"email": True, "sms": False, "in_app": True, "language": "en"}
    headers = notify.tokens.headers(citizen) | {"If-Match": '"0"'}
    assert (
        await notify.client.put("/v1/notification-preferences", json=english, headers=headers)
    ).status_code == 200
    event = received(citizen, appointment=date(2027, 1, 5))
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    mail = await notify.mail_to(email)
    assert mail.subject == f"Dossier {event.dossier_code} was received"
    assert "Appointment date for the result: 05/01/2027." in (mail.text or "")
    assert (mail.header("Content-Language") or "") == "en"


async def test_a_recipient_without_a_known_email_gets_the_inbox_entry_and_a_recorded_skip(
    notify: Notify,
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"  # identity never told notify about this account
    event = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    messages = await notify.wait_messages(citizen, 2)
    by_channel = {m["channel"]: m for m in messages}
    assert by_channel["email"]["status"] == "skipped"
    assert by_channel["email"]["last_error"] == "no known email address"
    assert by_channel["email"]["attempts"] == 0
    await notify.wait_status(by_channel["in_app"]["id"], "delivered")


async def test_apology_early_return_and_payment_notices(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    dossier_id, code = uuid.uuid4(), f"{AGENCY}-261123-0042"
    common = {
        "dossier_id": dossier_id,
        "dossier_code": code,
        "agency_code": AGENCY,
        "procedure_code": "1.005129",
        "applicant_subject": citizen,
        "occurred_at": utcnow(),
    }
    await notify.publish(
        DOSSIER_EXTENDED,
        DossierExtended(
            **common,
            previous_appointment_date=date(2026, 12, 4),
            new_appointment_date=date(2026, 12, 11),
            reason="Cần xác minh thêm với cơ quan thuế",
        ),
        key=str(dossier_id),
    )
    apology = await notify.sink.wait_for(to=email, predicate=lambda m: "Xin lỗi" in m.subject, timeout=20)
    assert apology.text is not None
    assert "chưa thể trả kết quả đúng hẹn ngày 04/12/2026" in apology.text
    assert "Lý do: Cần xác minh thêm với cơ quan thuế" in apology.text
    assert "Ngày hẹn trả kết quả mới: 11/12/2026." in apology.text

    later = utcnow().date() + timedelta(days=10)
    await notify.publish(
        DOSSIER_RESOLVED,
        DossierResolved(**common, decided_by="leader-1", appointment_date=later, on_time=True),
        key=str(dossier_id),
    )
    early = await notify.sink.wait_for(to=email, predicate=lambda m: "sớm" in m.subject, timeout=20)
    assert f"sớm hơn ngày hẹn trả {later.strftime('%d/%m/%Y')}" in (early.text or "")

    payment_id = uuid.uuid4()
    await notify.publish(
        PAYMENT_REQUESTED,
        PaymentRequested(
            payment_id=payment_id,
            dossier_id=dossier_id,
            dossier_code=code,
            agency_code=AGENCY,
            applicant_subject=citizen,
            occurred_at=utcnow(),
            amount=1_500_000,
            fee_lines=(
                FeeLine(name="Lệ phí cấp phép", amount=1_200_000),
                FeeLine(name="Phí thẩm định", amount=300_000),
            ),
            description="Phí, lệ phí hồ sơ",
        ),
        key=str(dossier_id),
    )
    fees = await notify.sink.wait_for(to=email, predicate=lambda m: "phí" in m.subject, timeout=20)
    assert "cần nộp 1.500.000 đ" in (fees.text or "")
    assert "- Lệ phí cấp phép: 1.200.000 đ\n- Phí thẩm định: 300.000 đ" in (fees.text or "")
    assert "<li>Phí thẩm định: 300.000 đ</li>" in (fees.html or "")


async def test_a_failed_attempt_says_the_order_stands_and_a_waiver_says_nothing_is_due(
    notify: Notify,
) -> None:
    # R-PAY-3: the applicant learns that an online payment did not go through (the dossier still waits
    # for payment) and, when exemptions cover every fee, that there is nothing to pay.
    email = unique_email()
    citizen = await notify.register(email=email)
    dossier_id, code = uuid.uuid4(), f"{AGENCY}-261123-0043"
    common = {
        "payment_id": uuid.uuid4(),
        "dossier_id": dossier_id,
        "dossier_code": code,
        "agency_code": AGENCY,
        "applicant_subject": citizen,
        "occurred_at": utcnow(),
    }
    failed = PaymentFailed(
        **common,
        method=PaymentMethod.ONLINE_GATEWAY,
        reason="Khách hàng hủy giao dịch",
        failure_code="customer_cancelled",
    )
    await notify.publish(PAYMENT_FAILED, failed, key=str(dossier_id))
    notice = await notify.sink.wait_for(
        to=email, predicate=lambda m: "chưa thành công" in m.subject, timeout=20
    )
    assert f"cho hồ sơ {code} qua cổng thanh toán trực tuyến chưa thành công: Khách hàng hủy giao dịch." in (
        notice.text or ""
    )
    assert "Hồ sơ vẫn chờ thanh toán" in (notice.text or "")

    waived = PaymentWaived(**common, exemption_codes=("nguoi-co-cong",), reason="Người có công với cách mạng")
    await notify.publish(PAYMENT_WAIVED, waived, key=str(dossier_id))
    notice = await notify.sink.wait_for(to=email, predicate=lambda m: "miễn" in m.subject, timeout=20)
    assert f"Hồ sơ {code} được miễn toàn bộ phí, lệ phí: Người có công với cách mạng." in (notice.text or "")
    titles = [entry["title"] for entry in await notify.inbox(citizen)]
    assert "Thanh toán chưa thành công" in titles and "Được miễn phí, lệ phí" in titles, titles


async def test_contact_details_follow_account_updates_and_ignore_late_older_ones(notify: Notify) -> None:
    old, new = unique_email(), unique_email()
    citizen = await notify.register(email=old)
    now = utcnow()

    def update(email: str, at: datetime, *, active: bool = True) -> AccountUpdated:
        return AccountUpdated(
            subject=citizen,
            kind=AccountKind.CITIZEN,
            full_name="Lê Văn Cường",
            email=email,
            occurred_at=at,
            active=active,
            changed_fields=("email",),
        )

    await notify.publish(ACCOUNT_UPDATED, update(new, now + timedelta(seconds=1)), key=citizen)
    # Delivered later but older: must not bring the old address back.
    await notify.processed(await notify.publish(ACCOUNT_UPDATED, update(old, now), key=citizen))
    event = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    mail = await notify.mail_to(new)
    assert "Kính gửi Lê Văn Cường," in (mail.text or "")
    assert notify.sink.find(to=old) == []

    # A deactivated account keeps its inbox but gets no more email.
    deactivated = update(new, now + timedelta(seconds=2), active=False)
    await notify.processed(await notify.publish(ACCOUNT_UPDATED, deactivated, key=citizen))
    later = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, later, key=str(later.dossier_id))
    messages = await notify.wait_messages(citizen, 2, dossier_id=str(later.dossier_id))
    assert {m["channel"]: m["status"] for m in messages}["email"] == "skipped"
