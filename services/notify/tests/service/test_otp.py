"""The internal OTP endpoint (identity's contract): a code goes by SMS or email through the seeded
account.otp templates, once, only for identity's system client; it is in no log line, on no topic,
and not kept once the message is final; a flood of codes to one address is refused (429); a test
client's codes are simulated, never sent."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer
from sqlalchemy import select

from contracts.events import ALL_TOPICS, MESSAGE_DELIVERED, NOTIFICATION_TOPIC, dlq_topic
from notify.messages.models import Message
from servicekit.events import from_kafka
from servicekit.testing import eventually
from services.notify.tests.service.support import Notify, system_client, unique_email, unique_phone
from simulators.testing import RunningSmsSimulator

OTP_PATH = "/internal/v1/otp-deliveries"


def _request(channel: str, address: str, code: str, **overrides: Any) -> dict[str, Any]:
    return {
        "recipient_subject": f"citizen-{uuid.uuid4()}",
        "channel": channel,
        "address": address,
        "code": code,
        "purpose": "login",
        "expires_in_minutes": 5,
        "language": "vi",
        **overrides,
    }


def _code() -> str:
    # Letters and digits: no chance of meeting it in a timestamp or a port number.
    return "K" + secrets.token_hex(4).upper()


# The stand-ins for the provider and the SMTP server run in this process: they see the code, as the
# real ones must; only our own code's log lines are checked.
EXTERNAL_PARTIES = ("simulators.", "mail.log")


@contextmanager
def captured_logs() -> Iterator[list[str]]:
    """Every log line notify writes meanwhile, formatted as its own handler formats them."""
    lines: list[str] = []
    root = logging.getLogger()

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not record.name.startswith(EXTERNAL_PARTIES):
                lines.append(self.format(record))

    handler = Capture(level=logging.DEBUG)
    handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


async def _send(notify: Notify, body: dict[str, Any], *scopes: str) -> Any:
    return await notify.client.post(
        OTP_PATH, json=body, headers=system_client(notify.tokens, "notify:otp", *scopes)
    )


async def _all_records(bootstrap: str, until_delivered: set[str]) -> list[bytes]:
    """Every record on every topic (and dead-letter topic), read until these messages' events are in."""
    topics = [*ALL_TOPICS, *(dlq_topic(t) for t in ALL_TOPICS)]
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=bootstrap, group_id=f"probe-{uuid.uuid4()}", auto_offset_reset="earliest"
    )
    await consumer.start()
    raw: list[bytes] = []
    seen: set[str] = set()
    try:

        async def read() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for r in records:
                    raw.append(b"".join([r.key or b"", r.value or b"", *(v or b"" for _, v in r.headers)]))
                    if r.topic == NOTIFICATION_TOPIC:
                        event = from_kafka(r.headers, r.key, r.value)
                        if event.type == MESSAGE_DELIVERED:
                            seen.add(event.data["message_id"])
            return until_delivered <= seen

        await eventually(read, timeout=30, message="delivery events of the OTP messages")
    finally:
        await consumer.stop()
    return raw


async def test_a_code_arrives_by_sms_and_by_email_and_appears_in_no_log_no_topic_and_no_row(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    code, phone, email = _code(), unique_phone(), unique_email()
    with captured_logs() as lines:
        by_sms = await _send(served, _request("sms", phone, code, expires_in_minutes=3))
        by_email = await _send(served, _request("email", email, code, purpose="dossier_submission"))
        assert by_sms.status_code == 202 and by_email.status_code == 202, (by_sms.text, by_email.text)
        sms_id, email_id = by_sms.json()["message_id"], by_email.json()["message_id"]

        sms = await sms_sim.wait_for_message(phone=phone, timeout=20)
        assert sms["content"] == (
            f"Mã OTP để đăng nhập: {code} (hiệu lực 3 phút). Không cung cấp mã cho bất kỳ ai."
        )
        mail = await served.mail_to(email)
        assert mail.subject == "Mã OTP" and code in (mail.text or "")
        assert "Mã OTP để xác nhận nộp hồ sơ là" in (mail.text or "")
        for message_id in (sms_id, email_id):
            done = await served.wait_status(message_id, "delivered")
            assert code not in str(done) and done["template_code"] == "account.otp"
        records = await _all_records(served.kafka, {sms_id, email_id})

    assert [line for line in lines if OTP_PATH in line], "the capture saw the service's access log"
    assert not [line for line in lines if code in line]
    assert records and not [r for r in records if code.encode() in r]
    async with served.app.state.runtime.db.transaction() as session:
        stored = (await session.scalars(select(Message).where(Message.id.in_([sms_id, email_id])))).all()
    assert len(stored) == 2 and not [m for m in stored if code in m.body_text or code in (m.body_html or "")]


async def test_only_identitys_system_client_with_the_otp_scope_may_send_codes(served: Notify) -> None:
    body = _request("email", unique_email(), _code())
    assert (await served.client.post(OTP_PATH, json=body)).status_code == 401
    for headers in (
        served.tokens.headers(f"citizen-{uuid.uuid4()}", scope="openid notify:otp"),
        served.tokens.headers(kind="official", roles=["system_admin"], scope="openid notify:otp"),
        system_client(served.tokens),
    ):
        refused = await served.client.post(OTP_PATH, json=body, headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


async def test_bad_requests_are_problems_in_vietnamese_or_english_that_never_echo_the_code(
    served: Notify,
) -> None:
    code = _code()
    bad_phone = await _send(served, _request("sms", "0951234567", code))
    assert bad_phone.status_code == 422 and bad_phone.json()["code"] == "otp_address_invalid"
    assert bad_phone.json()["title"] == "Địa chỉ nhận mã không hợp lệ"
    bad_email = await served.client.post(
        OTP_PATH,
        json=_request("email", "không-phải-email", code),
        headers={**system_client(served.tokens, "notify:otp"), "Accept-Language": "en"},
    )
    assert bad_email.status_code == 422 and bad_email.json()["title"] == "Invalid address for the code"
    malformed = await _send(served, _request("fax", "x@example.vn", code + "!", expires_in_minutes=0))
    assert malformed.status_code == 422 and malformed.json()["code"] == "validation_failed"
    fields = {e["field"] for e in malformed.json()["errors"]}
    assert {"channel", "code", "expires_in_minutes"} <= fields
    assert code not in malformed.text and code not in bad_phone.text


async def test_a_flood_of_codes_to_one_address_is_refused_with_429(served: Notify) -> None:
    phone = unique_phone()
    for _ in range(5):
        assert (await _send(served, _request("sms", phone, _code()))).status_code == 202
    refused = await _send(
        served, _request("sms", "+84" + phone[1:], _code())
    )  # same number, written otherwise
    assert refused.status_code == 429 and refused.json()["code"] == "otp_rate_limited"
    assert 800 <= int(refused.headers["Retry-After"]) <= 901
    assert "giây" in refused.json()["detail"]
    assert (await _send(served, _request("sms", unique_phone(), _code()))).status_code == 202


async def test_a_test_client_gets_simulated_deliveries_and_no_provider_is_contacted(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone, email = unique_phone(), unique_email()
    ids = []
    for channel, address in (("sms", phone), ("email", email)):
        accepted = await _send(served, _request(channel, address, _code()), "notify:test")
        assert accepted.status_code == 202
        ids.append(accepted.json()["message_id"])
    for message_id in ids:
        done = await served.wait_status(message_id, "delivered")
        assert done["simulated"] is True and done["provider_id"] == "simulated"
        assert done["attempt_log"][0]["provider_response"] == "test mode: no provider contacted"
    assert await sms_sim.messages(phone=phone) == [] and served.sink.find(to=email) == []
