"""Event handlers of workflow (idempotent: servicekit's inbox, one instance per dossier, stage checks)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from contracts.events import (
    ACCOUNT_REGISTERED,
    ACCOUNT_UPDATED,
    AGENCY_UPDATED,
    CALENDAR_CHANGED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RETURNED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENTED,
    DOSSIER_WITHDRAWN,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    PROCEDURE_PUBLISHED,
    AccountRegistered,
    AccountUpdated,
    AgencyUpdated,
    CalendarChanged,
    DossierSubmitted,
    ProcedurePublished,
)
from servicekit.app import ServiceRuntime
from servicekit.consumer import Delivery, Handler
from workflow.clock import Clock
from workflow.directory import service as directory
from workflow.processes import flows
from workflow.processes.engine import Context


def handlers(runtime: ServiceRuntime, clock: Clock) -> dict[str, Handler]:
    def with_context(flow: Callable[[Context, Any], Awaitable[None]]) -> Handler:
        async def handle(delivery: Delivery) -> None:
            context = Context(session=delivery.session, outbox=runtime.outbox, now=clock.now())
            await flow(context, delivery.payload)

        return handle

    async def on_submitted(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, DossierSubmitted)
        await flows.on_submitted(delivery.session, delivery.payload)

    async def on_agency(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, AgencyUpdated)
        await directory.apply_agency(delivery.session, delivery.payload)

    async def on_calendar(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, CalendarChanged)
        scope = directory.scope_of(delivery.event.subject)
        await directory.apply_calendar(delivery.session, delivery.payload, scope=scope)

    async def on_procedure(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, ProcedurePublished)
        await directory.apply_procedure(delivery.session, delivery.payload)

    async def on_account(delivery: Delivery) -> None:
        assert isinstance(delivery.payload, AccountRegistered | AccountUpdated)
        await directory.apply_official(delivery.session, delivery.payload)

    return {
        DOSSIER_SUBMITTED: on_submitted,
        DOSSIER_RECEIVED: with_context(flows.on_received),
        DOSSIER_SUPPLEMENTED: with_context(flows.on_supplemented),
        DOSSIER_WITHDRAWN: with_context(flows.on_withdrawn),
        DOSSIER_REFUSED: with_context(flows.on_refused_at_desk),
        DOSSIER_RETURNED: with_context(flows.on_returned),
        PAYMENT_SUCCEEDED: with_context(flows.on_payment_succeeded),
        PAYMENT_WAIVED: with_context(flows.on_payment_succeeded),
        AGENCY_UPDATED: on_agency,
        CALENDAR_CHANGED: on_calendar,
        PROCEDURE_PUBLISHED: on_procedure,
        ACCOUNT_REGISTERED: on_account,
        ACCOUNT_UPDATED: on_account,
    }
