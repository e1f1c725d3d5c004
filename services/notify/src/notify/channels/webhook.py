"""The webhook channel: POST the stored CloudEvent to the subscription's URL, signed.

The subscription is read at send time: its current URL and secret are used (a fixed URL or a rotated
secret applies to pending retries too), and a deleted or deactivated subscription fails the delivery
for good. Outcomes: 2xx → delivered; 408, 425, 429, 5xx, timeouts and connection errors → temporary
(retried with the dispatcher's backoff); 3xx (redirects are not followed) and other 4xx → permanent.
"""

from __future__ import annotations

import time

import httpx

from notify.channels.base import OutboundMessage, SendResult
from notify.kinds import Channel
from notify.webhooks.models import WebhookSubscription
from notify.webhooks.signing import SecretCipher, signature
from servicekit.db import Database

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
USER_AGENT = "motcua-notify-webhooks/1"
RETRYABLE = frozenset({408, 425, 429})


class WebhookChannel:
    channel = Channel.WEBHOOK

    def __init__(self, db: Database, cipher: SecretCipher, *, timeout: float = 10.0) -> None:
        self.db = db
        self.cipher = cipher
        self.timeout = timeout
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)

    async def send(self, message: OutboundMessage) -> SendResult:
        if message.subscription_id is None:
            return SendResult.permanent("webhook message without a subscription")
        async with self.db.transaction() as session:
            subscription = await session.get(WebhookSubscription, message.subscription_id)
        if subscription is None:
            return SendResult.permanent("webhook subscription deleted")
        if not subscription.active:
            return SendResult.permanent("webhook subscription deactivated")
        secret = self.cipher.decrypt(subscription.secret_ciphertext, subscription_id=subscription.id)
        if secret is None:
            # An operator error (NOTIFY_WEBHOOK_SECRETS_KEY changed): retried, so fixing it is enough.
            return SendResult.temporary("the subscription's secret cannot be decrypted with the current key")
        body = message.body_text.encode()
        webhook_id = str(message.message_id)
        timestamp = int(time.time())
        headers = {
            "Content-Type": CONTENT_TYPE,
            "User-Agent": USER_AGENT,
            "Webhook-Id": webhook_id,
            "Webhook-Timestamp": str(timestamp),
            "Webhook-Signature": signature(secret, webhook_id, timestamp, body),
        }
        try:
            response = await self.client.post(subscription.target_url, content=body, headers=headers)
        except httpx.TimeoutException:
            return SendResult.temporary(f"no answer within {self.timeout:g} s")
        except httpx.HTTPError as exc:
            return SendResult.temporary(f"{type(exc).__name__}: {exc}")
        return _by_status(response)

    async def close(self) -> None:
        await self.client.aclose()


def _by_status(response: httpx.Response) -> SendResult:
    code = response.status_code
    summary = f"HTTP {code} {response.text[:200]}".strip()
    if 200 <= code < 300:
        return SendResult.delivered(response=summary)
    if code >= 500 or code in RETRYABLE:
        return SendResult.temporary(f"receiver answered HTTP {code}", response=summary)
    if 300 <= code < 400:
        return SendResult.permanent(
            f"receiver answered HTTP {code} (redirects are not followed)", response=summary
        )
    return SendResult.permanent(f"receiver answered HTTP {code}", response=summary)
