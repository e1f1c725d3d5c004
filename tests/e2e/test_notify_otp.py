"""Issue 3, done when #2: an OTP code sent through notify's internal endpoint (as identity does) arrives
by email and by SMS, and never appears in any process's log nor on any topic. The endpoint is not
reachable through the gateway."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import httpx
import pytest

from contracts.events import MESSAGE_DELIVERED
from servicekit.testing import TokenFactory
from tests.e2e.notify_support import (
    all_records,
    system_client,
    unique_email,
    unique_phone,
    wait_mails,
    wait_sms,
)

pytestmark = pytest.mark.e2e

OTP_PATH = "/internal/v1/otp-deliveries"
# The stand-ins for the SMS provider and the SMTP server receive the code, as the real ones must.
EXTERNAL_PARTIES = {"sms-sim.log", "mailsink.log"}


async def test_an_otp_code_arrives_by_email_and_sms_and_is_in_no_log_and_on_no_topic(
    stack,  # type: ignore[no-untyped-def]
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,
) -> None:
    code = "Q" + secrets.token_hex(4).upper()
    email, phone = unique_email(), unique_phone()
    identity = system_client(e2e_tokens, "notify:otp")
    message_ids = []
    async with httpx.AsyncClient(base_url=stack.url("notify"), timeout=15) as notify:
        for channel, address in (("email", email), ("sms", phone)):
            body = {
                "recipient_subject": None,
                "channel": channel,
                "address": address,
                "code": code,
                "purpose": "registration",
                "expires_in_minutes": 10,
                "language": "vi",
            }
            accepted = await notify.post(OTP_PATH, json=body, headers=identity)
            assert accepted.status_code == 202, accepted.text
            message_ids.append(accepted.json()["message_id"])
        # Internal only: the gateway routes no /internal prefix.
        through_gateway = await gateway.post(OTP_PATH, json=body, headers=identity)
        assert through_gateway.status_code == 404

    [mail] = await wait_mails(stack, email, 1)
    assert mail["subject"] == "Mã OTP" and f"Mã OTP để xác minh tài khoản là {code}" in mail["text"]
    [sms] = await wait_sms(stack, phone, 1)
    assert sms["content"].startswith(f"Mã OTP để xác minh tài khoản: {code} (hiệu lực 10 phút).")

    # Both deliveries recorded and announced on the notification topic: every topic read to that point.
    records = await all_records(
        stack,
        until=lambda events: (
            set(message_ids) <= {e.data.get("message_id") for e in events if e.type == MESSAGE_DELIVERED}
        ),
    )
    assert records and not [topic for topic, raw, _ in records if code.encode() in raw]

    logs = await asyncio.to_thread(_process_logs, Path(stack.logs_dir))
    assert {"notify.log", "gateway.log", "identity.log"} <= set(logs)
    assert OTP_PATH in logs["notify.log"]  # the access log line of the request is there, without the body
    assert not [name for name, text in logs.items() if code in text]


def _process_logs(directory: Path) -> dict[str, str]:
    """Every log file of the stack's processes (and PostgreSQL's and the broker's), by name."""
    return {
        path.name: path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(directory.glob("*.log"))
        if path.name not in EXTERNAL_PARTIES
    }
