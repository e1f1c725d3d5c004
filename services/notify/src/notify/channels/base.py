"""The one interface every channel adapter implements, and what it is given and gives back.

An adapter sends one message and says what happened; it never touches the message's state (the
dispatcher records attempts and outcomes). Outcomes:

- ``delivered``: the channel took it for good (SMTP 250, inbox row written, webhook 2xx).
- ``accepted``: a provider took it and reports the final status later by callback (SMS); the message
  waits in ``accepted`` until ``delivery.outcomes.apply_delivery_report`` is called.
- ``temporary_failure``: worth retrying (connection refused, timeout, SMTP 4xx, HTTP 5xx/429).
- ``permanent_failure``: retrying cannot help (invalid address, SMTP 5xx, HTTP 4xx).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from notify.kinds import Channel


class SendOutcome(StrEnum):
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    TEMPORARY_FAILURE = "temporary_failure"
    PERMANENT_FAILURE = "permanent_failure"


@dataclass(frozen=True)
class OutboundMessage:
    """One message to send, as rendered when it was created."""

    message_id: uuid.UUID
    channel: Channel
    template_code: str
    recipient_subject: str | None
    recipient_name: str | None
    address: str | None
    subject: str | None
    body_text: str
    body_html: str | None
    language: str
    dossier_id: uuid.UUID | None
    attempt: int
    # Webhook deliveries: the subscription whose URL and secret to use.
    subscription_id: uuid.UUID | None = None
    # Test mode: the dispatcher records it as delivered and never hands it to the adapter.
    simulated: bool = False


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    provider_id: str | None = None
    error: str | None = None
    # A short summary of what the provider answered (status line, code): kept in the attempt log.
    provider_response: str | None = None

    @classmethod
    def delivered(cls, provider_id: str | None = None, response: str | None = None) -> SendResult:
        return cls(SendOutcome.DELIVERED, provider_id=provider_id, provider_response=response)

    @classmethod
    def accepted(cls, provider_id: str, response: str | None = None) -> SendResult:
        return cls(SendOutcome.ACCEPTED, provider_id=provider_id, provider_response=response)

    @classmethod
    def temporary(cls, error: str, response: str | None = None) -> SendResult:
        return cls(SendOutcome.TEMPORARY_FAILURE, error=error, provider_response=response)

    @classmethod
    def permanent(cls, error: str, response: str | None = None) -> SendResult:
        return cls(SendOutcome.PERMANENT_FAILURE, error=error, provider_response=response)


class ChannelAdapter(Protocol):
    """Sends messages of one channel. Must not raise for delivery problems: return a failure result."""

    channel: Channel

    async def send(self, message: OutboundMessage) -> SendResult: ...

    async def close(self) -> None: ...


ChannelRegistry = Mapping[Channel, ChannelAdapter]
