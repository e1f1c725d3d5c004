"""Delivery against a real SMTP server that fails: outages and 4xx are retried with backoff and the
message is delivered once after recovery; 5xx and invalid addresses fail for good, visibly to
operators and on the notification topic; a send interrupted mid-way is picked up again."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from contracts.events import DOSSIER_RECEIVED, MESSAGE_FAILED, NOTIFICATION_TOPIC
from notify.channels.email import EmailChannel, SmtpConfig
from notify.delivery.backoff import RetryPolicy
from notify.delivery.dispatcher import Dispatcher
from notify.kinds import Channel
from notify.messages.models import WAKE_CHANNEL, Message, MessageAttempt
from notify.notices.planner import Planner
from servicekit.db import utcnow
from servicekit.testing import eventually
from servicekit.testing.kafka import collect
from services.notify.tests.service.support import Notify, received, unique_email


async def _email_message(notify: Notify, citizen: str) -> dict[str, Any]:
    messages = await notify.wait_messages(citizen, 1, channel="email")
    return messages[0]


def _attempt_times(detail: dict[str, Any]) -> list[datetime]:
    return [datetime.fromisoformat(a["started_at"]) for a in detail["attempt_log"]]


async def test_smtp_outage_is_retried_with_backoff_and_delivered_once_after_recovery(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    await notify.sink.set_fault("down")
    try:
        event = received(citizen)
        await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
        message = await _email_message(notify, citizen)

        async def retried_twice() -> dict[str, Any] | None:
            detail = (await notify.client.get(f"/v1/messages/{message['id']}", headers=notify.admin())).json()
            return detail if detail["attempts"] >= 3 else None

        failing = await eventually(retried_twice, message="three failed attempts")
        assert failing["status"] in ("temporary_failure", "sending")
        assert (
            "Connect" in (failing["last_error"] or "") or "refused" in (failing["last_error"] or "").lower()
        )
    finally:
        await notify.sink.set_fault("ok")

    done = await notify.wait_status(message["id"], "delivered")
    outcomes = [a["outcome"] for a in done["attempt_log"]]
    assert outcomes[-1] == "delivered" and set(outcomes[:-1]) == {"temporary_failure"}
    assert len(outcomes) == done["attempts"] >= 4
    # Backoff: 0.2 s, 0.4 s, 0.8 s… between tries (capped at 1 s in these tests).
    times = _attempt_times(done)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert gaps[0] >= 0.2 and gaps[1] >= 0.4 and gaps[2] >= 0.8
    assert len(notify.sink.find(to=email)) == 1
    assert done["delivered_at"] and done["next_attempt_at"] is None


async def test_a_4xx_reply_is_retried_until_accepted(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    await notify.sink.set_fault("tempfail", count=2, recipients=[email])
    event = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    message = await _email_message(notify, citizen)
    done = await notify.wait_status(message["id"], "delivered")
    assert [a["outcome"] for a in done["attempt_log"]] == [
        "temporary_failure",
        "temporary_failure",
        "delivered",
    ]
    assert "451" in (done["attempt_log"][0]["error"] or "")
    assert len(notify.sink.find(to=email)) == 1


async def test_a_rejected_recipient_fails_for_good_visibly_to_operators_and_on_the_topic(
    notify: Notify,
) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    await notify.sink.set_fault("permfail", recipients=[email])
    try:
        event = received(citizen)
        await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
        message = await _email_message(notify, citizen)
        failed = await notify.wait_status(message["id"], "permanent_failure")
    finally:
        await notify.sink.set_fault("ok")
    assert failed["attempts"] == 1 and "550" in failed["last_error"]
    assert failed["failed_at"] and failed["next_attempt_at"] is None

    listed = await notify.client.get(
        "/v1/messages", params={"status": "permanent_failure", "channel": "email"}, headers=notify.admin()
    )
    assert message["id"] in [m["id"] for m in listed.json()["items"]]
    events = await collect(
        notify.kafka,
        NOTIFICATION_TOPIC,
        until=lambda es: any(e.type == MESSAGE_FAILED and e.data["message_id"] == message["id"] for e in es),
    )
    event_data = next(
        e.data for e in events if e.type == MESSAGE_FAILED and e.data["message_id"] == message["id"]
    )
    assert event_data["recipient_subject"] == citizen and event_data["template_code"] == "dossier.received"
    assert "550" in event_data["error"] and "Ngày hẹn" not in str(event_data)  # no body in events


async def test_an_invalid_address_fails_at_once_without_contacting_the_server(notify: Notify) -> None:
    citizen = await notify.register(email="không-phải-email")
    event = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    message = await _email_message(notify, citizen)
    failed = await notify.wait_status(message["id"], "permanent_failure")
    assert failed["attempts"] == 1 and failed["last_error"].startswith("invalid email address")
    assert not [m for m in notify.sink.messages if "không-phải-email" in " ".join(m.rcpt_tos)]


async def test_retries_stop_at_the_ceiling(notify: Notify) -> None:
    email = unique_email()
    citizen = await notify.register(email=email)
    await notify.sink.set_fault("tempfail", recipients=[email])
    try:
        event = received(citizen)
        await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
        message = await _email_message(notify, citizen)
        failed = await notify.wait_status(message["id"], "permanent_failure", timeout=30)
    finally:
        await notify.sink.set_fault("ok")
    assert failed["attempts"] == 6  # retry_max_attempts in these tests
    assert failed["last_error"].startswith("gave up after 6 attempt(s)")


async def test_a_send_interrupted_by_a_crash_is_picked_up_again(notify: Notify) -> None:
    email = unique_email()
    runtime = notify.app.state.runtime
    crashed_at = utcnow() - timedelta(hours=1)
    async with runtime.db.transaction() as session:
        message = Message(
            source_id=uuid.uuid4(),
            source_type="test",
            recipient_subject=f"citizen-{uuid.uuid4()}",
            channel=Channel.EMAIL.value,
            address=email,
            template_code="dossier.received",
            language="vi",
            legal_notice=True,
            sensitive=False,
            subject="Gửi lại sau sự cố",
            body_text="Nội dung",
            status="sending",
            attempts=1,
            sending_since=crashed_at,
            created_at=crashed_at,
            updated_at=crashed_at,
        )
        session.add(message)
        await session.flush()
        session.add(MessageAttempt(message_id=message.id, number=1, started_at=crashed_at))

    done = await notify.wait_status(str(message.id), "delivered")
    assert [a["outcome"] for a in done["attempt_log"]] == ["interrupted", "delivered"]
    assert (await notify.mail_to(email)).subject == "Gửi lại sau sự cố"


async def test_an_otp_code_is_sent_then_redacted(notify: Notify) -> None:
    email = unique_email()
    runtime = notify.app.state.runtime
    planner = runtime.consumer.handlers

    planner = Planner(runtime.outbox, available=(Channel.EMAIL,), portal_url="http://localhost:8000")
    async with runtime.db.transaction() as session:
        message_id = await planner.direct(
            session,
            kind_code="account.otp",
            channel=Channel.EMAIL,
            address=email,
            variables={"code": "583920", "purpose": "xác nhận nộp hồ sơ", "expires_in_minutes": 3},
            source_id=uuid.uuid4(),
            source_type="test.otp",
        )
    assert message_id is not None
    mail = await notify.mail_to(email)
    assert "583920" in (mail.text or "")
    done = await notify.wait_status(str(message_id), "delivered")
    assert "583920" not in done["body_text"] and done["body_html"] is None
    async with runtime.db.transaction() as session:
        stored = (await session.scalars(select(Message).where(Message.id == message_id))).one()
    assert "583920" not in stored.body_text


async def test_dispatchers_in_several_replicas_send_each_message_once(notify: Notify) -> None:
    runtime = notify.app.state.runtime
    smtp = SmtpConfig(
        host=notify.sink.host, port=notify.sink.port, sender="Cổng Dịch vụ công <no-reply@motcua.local>"
    )
    replicas = [
        Dispatcher(
            runtime.db, runtime.outbox, {Channel.EMAIL: EmailChannel(smtp)}, RetryPolicy(), poll_seconds=0.2
        )
        for _ in range(2)
    ]
    tasks = [asyncio.create_task(d.run()) for d in replicas]
    addresses = [unique_email() for _ in range(30)]
    try:
        now = utcnow()
        async with runtime.db.transaction() as session:
            for address in addresses:
                session.add(
                    Message(
                        source_id=uuid.uuid4(),
                        source_type="test",
                        recipient_subject=f"citizen-{uuid.uuid4()}",
                        channel=Channel.EMAIL.value,
                        address=address,
                        template_code="portal.maintenance",
                        language="vi",
                        legal_notice=False,
                        sensitive=False,
                        subject="Bảo trì",
                        body_text="Nội dung",
                        status="queued",
                        attempts=0,
                        next_attempt_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
            await session.execute(select(func.pg_notify(WAKE_CHANNEL, "")))

        async def all_sent() -> bool:
            return all(notify.sink.find(to=a) for a in addresses)

        await eventually(all_sent, message="every message sent")
    finally:
        for dispatcher in replicas:
            dispatcher.stop()
        await asyncio.gather(*tasks)
    assert all(len(notify.sink.find(to=a)) == 1 for a in addresses)
    async with runtime.db.transaction() as session:
        attempts = (
            await session.scalars(select(Message.attempts).where(Message.address.in_(addresses)))
        ).all()
    assert list(attempts) == [1] * len(addresses)
