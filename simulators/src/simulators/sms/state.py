"""In-memory state of the SMS simulator: accepted messages (bounded), inbound messages, the fault."""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from simulators._common import rfc3339
from simulators.sms.rules import SendStatus, normalize_phone

FaultMode = Literal["ok", "unavailable", "timeout", "reject", "undeliverable"]
DlrStatus = Literal["pending", "delivered", "failed"]
CallbackStatus = Literal["none", "pending", "sent", "failed"]


@dataclass
class SmsRecord:
    """One accepted (MT) message and what became of it."""

    id: str
    phone: str
    msisdn: str
    content: str
    brandname: str
    sms_type: str
    is_unicode: bool
    sandbox: bool
    request_id: str
    callback_url: str
    segments: int
    received_at: datetime
    #: What the DLR will say, decided at acceptance (the `undeliverable` fault makes it a failure).
    planned_status: SendStatus = SendStatus.DELIVERED
    dlr_status: DlrStatus = "pending"
    send_status: int | None = None
    reported_at: datetime | None = None
    callback_status: CallbackStatus = "none"
    callback_attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "phone": self.phone,
            "msisdn": self.msisdn,
            "content": self.content,
            "brandname": self.brandname,
            "sms_type": self.sms_type,
            "is_unicode": self.is_unicode,
            "sandbox": self.sandbox,
            "request_id": self.request_id,
            "segments": self.segments,
            "received_at": rfc3339(self.received_at),
            "dlr_status": self.dlr_status,
            "send_status": self.send_status,
            "reported_at": rfc3339(self.reported_at) if self.reported_at else None,
            "callback_url": self.callback_url or None,
            "callback_status": self.callback_status,
            "callback_attempts": self.callback_attempts,
        }


@dataclass
class InboundRecord:
    """One mobile-originated message forwarded to the platform's webhook."""

    id: str
    sender: str
    to: str
    text: str
    received_at: datetime
    webhook_url: str
    webhook_status: int | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.sender,
            "to": self.to,
            "text": self.text,
            "received_at": rfc3339(self.received_at),
            "webhook_url": self.webhook_url,
            "webhook_status": self.webhook_status,
            "error": self.error,
        }


class MessageStore:
    """Accepted messages, oldest evicted first past `max_messages`, indexed by SMSID and RequestId."""

    def __init__(self, max_messages: int) -> None:
        self.max_messages = max(1, max_messages)
        self._messages: OrderedDict[str, SmsRecord] = OrderedDict()
        self._by_request: dict[tuple[str, str], str] = {}
        self._request_key: dict[str, tuple[str, str]] = {}
        self.inbound: deque[InboundRecord] = deque(maxlen=self.max_messages)

    def add(self, record: SmsRecord, *, api_key: str) -> None:
        self._messages[record.id] = record
        if record.request_id:
            key = (api_key, record.request_id)
            self._by_request[key] = record.id
            self._request_key[record.id] = key
        while len(self._messages) > self.max_messages:
            old_id, _ = self._messages.popitem(last=False)
            old_key = self._request_key.pop(old_id, None)
            if old_key is not None:
                self._by_request.pop(old_key, None)

    def by_request_id(self, api_key: str, request_id: str) -> SmsRecord | None:
        if not request_id:
            return None
        sms_id = self._by_request.get((api_key, request_id))
        return self._messages.get(sms_id) if sms_id else None

    def get(self, sms_id: str) -> SmsRecord | None:
        return self._messages.get(sms_id)

    def list(self, *, phone: str | None = None, since: datetime | None = None) -> list[SmsRecord]:
        wanted = (normalize_phone(phone) or phone) if phone else None
        return [
            m
            for m in self._messages.values()
            if (wanted is None or m.msisdn == wanted) and (since is None or m.received_at >= since)
        ]

    def clear(self) -> None:
        self._messages.clear()
        self._by_request.clear()
        self._request_key.clear()
        self.inbound.clear()


@dataclass
class Fault:
    """The injected fault; `remaining` counts the requests it still applies to (None: until reset)."""

    mode: FaultMode = "ok"
    phones: frozenset[str] = field(default_factory=frozenset)  # normalized; empty: every phone
    remaining: int | None = None
    delay: float | None = None
    send_status: SendStatus = SendStatus.FAILED

    def to_json(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "phones": sorted(self.phones) or None,
            "remaining": self.remaining,
            "delay": self.delay,
            "send_status": int(self.send_status) if self.mode == "undeliverable" else None,
        }


class FaultBox:
    """Holds the current fault and hands it to the requests it applies to."""

    def __init__(self) -> None:
        self.current = Fault()

    def set(self, fault: Fault) -> None:
        self.current = fault

    def reset(self) -> None:
        self.current = Fault()

    def take(self, msisdn: str | None, *, modes: Collection[FaultMode]) -> Fault | None:
        """The fault of one of `modes` this request meets (counting it), or None."""
        fault = self.current
        if fault.mode == "ok" or fault.mode not in modes:
            return None
        if fault.phones and msisdn not in fault.phones:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining <= 0:
                self.reset()
        return fault
