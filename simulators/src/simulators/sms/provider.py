"""The simulated provider: validates and accepts MT messages, forwards MO messages, obeys the fault."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from simulators._common import utc_now, vietnam_time
from simulators.sms.delivery import DeliveryReporter
from simulators.sms.rules import (
    BRANDNAME_SMS_TYPE,
    MAX_SEGMENTS,
    SMS_TYPES,
    CodeResult,
    SendStatus,
    is_gsm7,
    normalize_phone,
    segment_count,
)
from simulators.sms.settings import SmsSimSettings
from simulators.sms.state import FaultBox, InboundRecord, MessageStore, SmsRecord

log = logging.getLogger("simulators.sms")

SIGNATURE_HEADER = "X-Sim-Signature"


def mo_signature(body: bytes, secret: str) -> str:
    """The `X-Sim-Signature` of an MO webhook call: hex HMAC-SHA256 of the exact body bytes."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SendOutcome:
    """What the send endpoint answers: an HTTP status and, unless unavailable, an eSMS-style body."""

    http_status: int
    body: dict[str, Any] | None
    delay: float = 0.0


class InboundForwardError(RuntimeError):
    """The MO webhook is not configured or could not be reached."""


def _result(code: CodeResult, message: str = "", sms_id: str = "") -> dict[str, Any]:
    return {"CodeResult": code.value, "CountRegenerate": 0, "SMSID": sms_id, "ErrorMessage": message}


def _text(body: Mapping[str, Any], name: str) -> str | None:
    """A field as the provider reads it: strings as they are, numbers as their digits."""
    value = body.get(name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return value if name == "Content" else value.strip()
    if isinstance(value, int):
        return str(value)
    return None


def _flag(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in ("", "0", "false"):
        return False
    if lowered in ("1", "true"):
        return True
    return None


class SmsProvider:
    def __init__(self, settings: SmsSimSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client
        self.store = MessageStore(settings.max_messages)
        self.faults = FaultBox()
        self.reporter = DeliveryReporter(settings, client)

    async def close(self) -> None:
        await self.reporter.close()

    # ------------------------------------------------------------------ MT: the send API

    async def send(self, raw: bytes) -> SendOutcome:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return SendOutcome(200, _result(CodeResult.MALFORMED_REQUEST, "body is not a JSON object"))
        msisdn = normalize_phone(_text(body, "Phone") or "")

        fault = self.faults.take(msisdn, modes={"unavailable", "reject", "timeout"})
        delay = 0.0
        if fault is not None:
            log.info("fault %s applied to a request for %s", fault.mode, msisdn)
            if fault.mode == "unavailable":
                return SendOutcome(503, None)
            if fault.mode == "reject":
                return SendOutcome(200, _result(CodeResult.TEMPORARY_ERROR, "simulated temporary error"))
            delay = fault.delay if fault.delay is not None else self.settings.timeout_fault_delay

        outcome = self._accept(body, msisdn)
        return SendOutcome(outcome.http_status, outcome.body, delay)

    def _accept(self, body: Mapping[str, Any], msisdn: str | None) -> SendOutcome:
        fields = {
            name: _text(body, name)
            for name in (
                "ApiKey",
                "SecretKey",
                "Phone",
                "Content",
                "Brandname",
                "SmsType",
                "IsUnicode",
                "RequestId",
                "CallbackUrl",
                "Sandbox",
            )
        }
        bad = [name for name, value in fields.items() if value is None]
        if bad:
            return self._error(CodeResult.MALFORMED_REQUEST, f"{', '.join(bad)}: expected a string")
        api_key, secret_key = fields["ApiKey"] or "", fields["SecretKey"] or ""
        if not (
            hmac.compare_digest(api_key.encode(), self.settings.api_key.encode())
            and hmac.compare_digest(secret_key.encode(), self.settings.secret_key.encode())
        ):
            return self._error(CodeResult.BAD_CREDENTIALS, "ApiKey hoặc SecretKey không đúng")
        sms_type = fields["SmsType"] or ""
        if sms_type not in SMS_TYPES:
            return self._error(CodeResult.INVALID_SMS_TYPE, f"SmsType {sms_type!r} không hợp lệ")
        brandname = fields["Brandname"] or ""
        if sms_type == BRANDNAME_SMS_TYPE and (
            not brandname or (self.settings.brandnames and brandname not in self.settings.brandnames)
        ):
            return self._error(CodeResult.BRANDNAME_NOT_REGISTERED, f"Brandname {brandname!r} chưa đăng ký")
        phone = fields["Phone"] or ""
        if msisdn is None:
            return self._error(CodeResult.INVALID_PHONE, f"Số điện thoại {phone!r} không hợp lệ")
        is_unicode, sandbox = _flag(fields["IsUnicode"] or ""), _flag(fields["Sandbox"] or "")
        if is_unicode is None or sandbox is None:
            return self._error(CodeResult.MALFORMED_REQUEST, "IsUnicode and Sandbox are 0 or 1")
        content = fields["Content"] or ""
        if not content.strip():
            return self._error(CodeResult.INVALID_CONTENT, "Nội dung tin nhắn trống")
        if not is_unicode and not is_gsm7(content):
            return self._error(
                CodeResult.NOT_GSM7, "Nội dung có ký tự ngoài bảng GSM-7 (có dấu?) nhưng IsUnicode=0"
            )
        segments = segment_count(content, unicode=is_unicode)
        if segments > MAX_SEGMENTS:
            return self._error(
                CodeResult.INVALID_CONTENT,
                f"Nội dung dài {segments} tin, tối đa {MAX_SEGMENTS} tin",
            )
        callback_url = fields["CallbackUrl"] or ""
        if callback_url and urlsplit(callback_url).scheme not in ("http", "https"):
            return self._error(CodeResult.MALFORMED_REQUEST, f"CallbackUrl {callback_url!r} is not http(s)")

        request_id = fields["RequestId"] or ""
        existing = self.store.by_request_id(api_key, request_id)
        if existing is not None:
            log.info("SMS RequestId %s seen before: answering its SMSID %s again", request_id, existing.id)
            return SendOutcome(200, _result(CodeResult.ACCEPTED, sms_id=existing.id))

        fault = self.faults.take(msisdn, modes={"undeliverable"})
        record = SmsRecord(
            id=str(uuid.uuid4()),
            phone=phone,
            msisdn=msisdn,
            content=content,
            brandname=brandname,
            sms_type=sms_type,
            is_unicode=is_unicode,
            sandbox=sandbox,
            request_id=request_id,
            callback_url=callback_url,
            segments=segments,
            received_at=utc_now(),
            planned_status=fault.send_status if fault is not None else SendStatus.DELIVERED,
        )
        self.store.add(record, api_key=api_key)
        log.info("SMS %s accepted for %s (%d part(s)): %s", record.id, phone, segments, content)
        self.reporter.schedule(record)
        return SendOutcome(200, _result(CodeResult.ACCEPTED, sms_id=record.id))

    @staticmethod
    def _error(code: CodeResult, message: str) -> SendOutcome:
        log.info("SMS refused with CodeResult %s: %s", code.value, message)
        return SendOutcome(200, _result(code, message))

    # ------------------------------------------------------------------ MO: inbound messages

    async def forward_inbound(
        self, *, sender: str, to: str, text: str, webhook_url: str | None = None
    ) -> tuple[InboundRecord, int, Any]:
        """POST an inbound message to the platform's webhook, signed; returns its answer."""
        url = webhook_url or self.settings.mo_webhook_url
        if not url:
            raise InboundForwardError("no MO webhook: set SMS_SIM_MO_WEBHOOK_URL or pass webhook_url")
        record = InboundRecord(
            id=str(uuid.uuid4()), sender=sender, to=to, text=text, received_at=utc_now(), webhook_url=url
        )
        self.store.inbound.append(record)
        payload = {
            "From": sender,
            "To": to,
            "Text": text,
            "ReceivedAt": vietnam_time(record.received_at),
            "MessageId": record.id,
        }
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: mo_signature(body, self.settings.mo_secret),
        }
        try:
            response = await self.client.post(
                url, content=body, headers=headers, timeout=self.settings.callback_timeout
            )
        except httpx.HTTPError as exc:
            record.error = f"{type(exc).__name__}: {exc}"
            raise InboundForwardError(f"MO webhook {url} unreachable: {record.error}") from exc
        record.webhook_status = response.status_code
        try:
            answer: Any = response.json()
        except ValueError:
            answer = response.text
        log.info("MO from %s to %s forwarded to %s: HTTP %d", sender, to, url, response.status_code)
        return record, response.status_code, answer


async def hold(delay: float) -> None:
    """The `timeout` fault: keep the client waiting (cancelled when the server shuts down)."""
    if delay > 0:
        await asyncio.sleep(delay)
