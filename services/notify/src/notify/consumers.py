"""Event handlers of notify: contacts from identity, notices from dossier, payment and feedback events,
the deliveries of webhook subscriptions, and broadcasts of the portal's maintenance (R-OPS-1).

Idempotent twice over: servicekit's inbox skips a redelivered event id, and each message is unique
per (source event, recipient, channel, subscription), so even a lost inbox row could not send a
notice or a webhook twice.
"""

from __future__ import annotations

from contracts.events import (
    ACCOUNT_REGISTERED,
    ACCOUNT_UPDATED,
    MAINTENANCE_CANCELLED,
    MAINTENANCE_EXTENDED,
    MAINTENANCE_SCHEDULED,
    AccountRegistered,
    AccountUpdated,
    MaintenanceCancelled,
    MaintenanceExtended,
    MaintenanceScheduled,
)
from notify.broadcasts import service as broadcasts
from notify.notices.mapping import MAPPERS, direct_notices_for, notices_for
from notify.notices.planner import Planner
from notify.recipients import service as recipients
from notify.webhooks.fanout import fan_out
from notify.webhooks.rules import WEBHOOK_EVENT_TYPES
from servicekit.consumer import Delivery, Handler


def build_handlers(planner: Planner) -> dict[str, Handler]:
    async def on_maintenance_scheduled(delivery: Delivery) -> None:
        # R-OPS-1: every signed-in user sees the announcement in their inbox until the window ends.
        payload = delivery.payload
        assert isinstance(payload, MaintenanceScheduled)
        await broadcasts.announce(
            delivery.session,
            source_id=payload.window_id,
            kind="portal.maintenance",
            variables={"starts_at": payload.starts_at, "expected_end_at": payload.expected_end_at},
            messages={"vi": payload.message_vi, "en": payload.message_en},
            visible_until=payload.expected_end_at,
            portal_url=planner.portal_url,
        )

    async def on_maintenance_extended(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, MaintenanceExtended)
        await broadcasts.revise(
            delivery.session,
            source_id=payload.window_id,
            kind="portal.maintenance",
            variables={"starts_at": payload.starts_at, "expected_end_at": payload.expected_end_at},
            messages={"vi": payload.message_vi, "en": payload.message_en},
            visible_until=payload.expected_end_at,
            portal_url=planner.portal_url,
        )

    async def on_maintenance_cancelled(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, MaintenanceCancelled)
        await broadcasts.withdraw(delivery.session, source_id=payload.window_id)

    async def on_account(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, AccountRegistered | AccountUpdated)
        await recipients.learn_contact(delivery.session, payload)

    async def on_lifecycle_event(delivery: Delivery) -> None:
        for notice in notices_for(delivery.event.type, delivery.payload):
            await planner.plan(
                delivery.session, notice, source_id=delivery.event.uuid, source_type=delivery.event.type
            )
        for direct in direct_notices_for(delivery.event.type, delivery.payload):
            if direct.channel in planner.available:
                await planner.direct(
                    delivery.session,
                    kind_code=direct.kind,
                    channel=direct.channel,
                    address=direct.address,
                    variables=direct.variables,
                    source_id=delivery.event.uuid,
                    source_type=delivery.event.type,
                    recipient_name=direct.recipient_name,
                )
        if delivery.event.type in WEBHOOK_EVENT_TYPES:
            await fan_out(delivery.session, delivery.event)

    handlers: dict[str, Handler] = {
        ACCOUNT_REGISTERED: on_account,
        ACCOUNT_UPDATED: on_account,
        MAINTENANCE_SCHEDULED: on_maintenance_scheduled,
        MAINTENANCE_EXTENDED: on_maintenance_extended,
        MAINTENANCE_CANCELLED: on_maintenance_cancelled,
    }
    handlers.update(dict.fromkeys((*MAPPERS, *WEBHOOK_EVENT_TYPES), on_lifecycle_event))
    return handlers
