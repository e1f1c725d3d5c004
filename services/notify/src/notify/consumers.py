"""Event handlers of notify: contacts from identity, notices from dossier and payment events, and the
deliveries of webhook subscriptions.

Idempotent twice over: servicekit's inbox skips a redelivered event id, and each message is unique
per (source event, recipient, channel, subscription), so even a lost inbox row could not send a
notice or a webhook twice.
"""

from __future__ import annotations

from contracts.events import ACCOUNT_REGISTERED, ACCOUNT_UPDATED, AccountRegistered, AccountUpdated
from notify.notices.mapping import MAPPERS, notices_for
from notify.notices.planner import Planner
from notify.recipients import service as recipients
from notify.webhooks.fanout import fan_out
from notify.webhooks.rules import WEBHOOK_EVENT_TYPES
from servicekit.consumer import Delivery, Handler


def build_handlers(planner: Planner) -> dict[str, Handler]:
    async def on_account(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, AccountRegistered | AccountUpdated)
        await recipients.learn_contact(delivery.session, payload)

    async def on_lifecycle_event(delivery: Delivery) -> None:
        for notice in notices_for(delivery.event.type, delivery.payload):
            await planner.plan(
                delivery.session, notice, source_id=delivery.event.uuid, source_type=delivery.event.type
            )
        if delivery.event.type in WEBHOOK_EVENT_TYPES:
            await fan_out(delivery.session, delivery.event)

    handlers: dict[str, Handler] = {ACCOUNT_REGISTERED: on_account, ACCOUNT_UPDATED: on_account}
    handlers.update(dict.fromkeys((*MAPPERS, *WEBHOOK_EVENT_TYPES), on_lifecycle_event))
    return handlers
