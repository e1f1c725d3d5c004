"""The SMS channel: one brandname SMS per message through an eSMS-style REST API (the local stack's
simulator, or a real provider configured by ``SMS_PROVIDER_*``).

- ``RequestId`` is the message id: a resend after a timeout or a crash is answered with the first
  send's ``SMSID`` and sends nothing again (the provider dedupes), so SMS is exactly-once when the
  provider honours it.
- ``IsUnicode=1`` whenever the text has characters outside GSM-7 (Vietnamese diacritics), else 0.
- ``CallbackUrl`` is notify's own delivery-report endpoint with the per-deployment token; the
  message waits in ``accepted`` until the report says delivered (5) or failed (4, 6).
- Outcomes: ``CodeResult`` 100 → accepted with the SMSID; 99, HTTP 5xx/408/429, timeouts and
  connection errors → temporary; any other code or HTTP 4xx → permanent; an invalid number fails at
  once without calling the provider. The text never goes into errors or logs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from notify.channels.base import OutboundMessage, SendResult
from notify.kinds import Channel
from notify.recipients.addresses import national_phone

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED_CODE = "100"
TEMPORARY_CODES = frozenset({"99"})
RETRYABLE_HTTP = frozenset({408, 425, 429})

_GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def is_gsm7(text: str) -> bool:
    """True when every character fits the GSM-7 alphabet (then 160 characters per part, not 70)."""
    return all(ch in _GSM7 for ch in text)


@dataclass(frozen=True)
class SmsProviderConfig:
    base_url: str
    api_key: str
    secret_key: str
    brandname: str
    callback_url: str
    sms_type: str = "2"
    timeout: float = 10.0


class SmsChannel:
    channel = Channel.SMS

    def __init__(self, config: SmsProviderConfig) -> None:
        self.config = config
        self.send_url = config.base_url.rstrip("/") + SEND_PATH
        self.client = httpx.AsyncClient(timeout=config.timeout, trust_env=False)

    def request_body(self, message: OutboundMessage, phone: str) -> dict[str, Any]:
        config = self.config
        return {
            "ApiKey": config.api_key,
            "SecretKey": config.secret_key,
            "Phone": phone,
            "Content": message.body_text,
            "Brandname": config.brandname,
            "SmsType": config.sms_type,
            "IsUnicode": "0" if is_gsm7(message.body_text) else "1",
            "RequestId": str(message.message_id),
            "CallbackUrl": config.callback_url,
            "Sandbox": "0",
        }

    async def send(self, message: OutboundMessage) -> SendResult:
        phone = national_phone(message.address or "")
        if phone is None:
            return SendResult.permanent(f"invalid phone number: {message.address!r}")
        try:
            response = await self.client.post(self.send_url, json=self.request_body(message, phone))
        except httpx.TimeoutException:
            return SendResult.temporary(f"no answer from the SMS provider within {self.config.timeout:g} s")
        except httpx.HTTPError as exc:
            return SendResult.temporary(f"SMS provider unreachable: {type(exc).__name__}")
        status = response.status_code
        if status >= 500 or status in RETRYABLE_HTTP:
            return SendResult.temporary(f"SMS provider answered HTTP {status}", response=f"HTTP {status}")
        if status >= 300:
            return SendResult.permanent(f"SMS provider answered HTTP {status}", response=f"HTTP {status}")
        return _by_answer(response)

    async def close(self) -> None:
        await self.client.aclose()


def _by_answer(response: httpx.Response) -> SendResult:
    try:
        answer = response.json()
    except ValueError:
        return SendResult.temporary("unreadable answer from the SMS provider", response=response.text[:200])
    if not isinstance(answer, dict):
        return SendResult.temporary("unexpected answer from the SMS provider", response=str(answer)[:200])
    code = str(answer.get("CodeResult", ""))
    sms_id = str(answer.get("SMSID") or "")
    summary = f"CodeResult {code}" + (f", SMSID {sms_id}" if sms_id else "")
    if code == ACCEPTED_CODE and sms_id:
        return SendResult.accepted(sms_id, response=summary)
    error = f"SMS provider refused it: CodeResult {code} {answer.get('ErrorMessage') or ''}".strip()
    if code in TEMPORARY_CODES:
        return SendResult.temporary(error, response=summary)
    return SendResult.permanent(error, response=summary)
