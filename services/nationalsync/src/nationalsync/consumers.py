"""Event handlers: dossier and payment events update the national record and queue its pushes;
catalog and identity events teach the names the national shapes show.

Idempotent twice over: servicekit's inbox skips a redelivered event id, and a job is unique per
(source event, kind), so even a lost inbox row could not queue a push twice.
"""

from __future__ import annotations

from contracts.events import (
    ACCOUNT_REGISTERED,
    ACCOUNT_UPDATED,
    AGENCY_UPDATED,
    PROCEDURE_PUBLISHED,
    AccountRegistered,
    AccountUpdated,
    AgencyUpdated,
    ProcedurePublished,
)
from nationalsync.directory import service as directory
from nationalsync.records.rules import HANDLED_TYPES
from nationalsync.records.service import record_event
from servicekit.consumer import Delivery, Handler
from servicekit.db import utcnow


def build_handlers() -> dict[str, Handler]:
    async def on_status_event(delivery: Delivery) -> None:
        await record_event(
            delivery.session,
            event_id=delivery.event.uuid,
            event_type=delivery.event.type,
            payload=delivery.payload,
            now=utcnow(),
        )

    async def on_procedure(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, ProcedurePublished)
        await directory.learn_procedure(delivery.session, delivery.payload)

    async def on_agency(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, AgencyUpdated)
        await directory.learn_agency(delivery.session, delivery.payload)

    async def on_account(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, AccountRegistered | AccountUpdated)
        await directory.learn_official(delivery.session, delivery.payload)

    handlers: dict[str, Handler] = dict.fromkeys(HANDLED_TYPES, on_status_event)
    handlers |= {
        PROCEDURE_PUBLISHED: on_procedure,
        AGENCY_UPDATED: on_agency,
        ACCOUNT_REGISTERED: on_account,
        ACCOUNT_UPDATED: on_account,
    }
    return handlers
