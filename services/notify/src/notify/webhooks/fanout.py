"""Turning an event into webhook deliveries: one message per (event, matching subscription), created in
the consumer's transaction, delivered by the dispatcher like any other message.

The body is the CloudEvent in structured mode (``application/cloudevents+json``), rendered once here:
every retry sends the same bytes, and a redelivered event hits the message's unique key.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import Channel
from notify.messages import service as messages
from notify.messages.service import NewMessage
from notify.webhooks import repository
from servicekit.events import Event

# Webhook messages speak no human language.
NO_LANGUAGE = "und"


def cloudevent_body(event: Event) -> str:
    """The event as a structured-mode CloudEvent (JSON), compact and UTF-8."""
    document: dict[str, Any] = {
        "specversion": "1.0",
        "id": event.id,
        "source": event.source,
        "type": event.type,
        "time": event.time.isoformat(),
        "datacontenttype": "application/json",
    }
    if event.subject:
        document["subject"] = event.subject
    document["data"] = event.data
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _dossier_id(data: dict[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(data["dossier_id"]))
    except (KeyError, ValueError):
        return None


async def fan_out(session: AsyncSession, event: Event) -> list[uuid.UUID]:
    """Create the event's deliveries; returns the ids created (none when done before)."""
    agency = event.data.get("agency_code")
    if not isinstance(agency, str):
        return []
    subscriptions = await repository.matching(session, event_type=event.type, agency=agency)
    if not subscriptions:
        return []
    body = cloudevent_body(event)
    created: list[uuid.UUID] = []
    for subscription in subscriptions:
        message_id = await messages.create(
            session,
            NewMessage(
                source_id=event.uuid,
                source_type=event.type,
                recipient_subject=None,
                recipient_name=None,
                channel=Channel.WEBHOOK,
                address=subscription.target_url,
                dossier_id=_dossier_id(event.data),
                template_code=event.type[:64],
                template_id=None,
                template_version=None,
                language=NO_LANGUAGE,
                legal_notice=False,
                sensitive=False,
                subject=None,
                body_text=body,
                body_html=None,
                simulated=subscription.test_mode,
                subscription_id=subscription.id,
            ),
        )
        if message_id is not None:
            created.append(message_id)
    return created
