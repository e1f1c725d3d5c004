"""Delivery of one-time codes through notify's internal endpoint (``POST /internal/v1/otp-deliveries``).

The code travels only in this request's body: never in a log line, an event or an error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx
import structlog

from servicekit.http import outgoing_headers

log = structlog.get_logger("identity.otp.sender")

Channel = Literal["sms", "email"]


@dataclass(frozen=True)
class OtpDelivery:
    recipient_subject: str | None
    channel: Channel
    address: str
    code: str
    purpose: str
    expires_in_minutes: int
    language: Literal["vi", "en"] = "vi"

    def __repr__(self) -> str:  # the code must never reach a log through a repr
        return f"OtpDelivery(channel={self.channel!r}, purpose={self.purpose!r})"


class OtpDeliveryFailed(Exception):
    pass


class OtpSender(Protocol):
    async def send(self, delivery: OtpDelivery) -> None: ...

    async def close(self) -> None: ...


class NotifyOtpSender:
    """Posts the delivery to notify with a ``system`` token (scope ``notify:otp``) identity mints itself."""

    def __init__(self, base_url: str, token: Callable[[], Awaitable[str]], *, timeout: float = 5.0) -> None:
        self.url = base_url.rstrip("/") + "/internal/v1/otp-deliveries"
        self.token = token
        self.client = httpx.AsyncClient(timeout=timeout)

    async def send(self, delivery: OtpDelivery) -> None:
        body = {
            "recipient_subject": delivery.recipient_subject,
            "channel": delivery.channel,
            "address": delivery.address,
            "code": delivery.code,
            "purpose": delivery.purpose,
            "expires_in_minutes": delivery.expires_in_minutes,
            "language": delivery.language,
        }
        headers = {"Authorization": f"Bearer {await self.token()}", **outgoing_headers()}
        try:
            response = await self.client.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            log.warning("otp_delivery_unreachable", channel=delivery.channel, error=type(exc).__name__)
            raise OtpDeliveryFailed("notify unreachable") from exc
        if response.status_code >= 300:
            # Only the status: notify's body could echo what we sent.
            log.warning("otp_delivery_refused", channel=delivery.channel, status=response.status_code)
            raise OtpDeliveryFailed(f"notify answered {response.status_code}")

    async def close(self) -> None:
        await self.client.aclose()
