"""Event handlers of payments: the dossier lifecycle issues, cancels and refunds orders (R-PAY-3, R-PAY-4).

Idempotent: servicekit's inbox skips a redelivered event id; an order is issued only for a dossier
that has none; a refund is unique per (triggering event, transaction).
"""

from __future__ import annotations

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    AGENCY_UPDATED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    AgencyUpdated,
    DossierEvent,
    DossierReceived,
    DossierRefused,
    DossierSubmitted,
    PaymentDue,
)
from payments.banktransfer import accounts
from payments.dossiers import service as dossiers
from payments.dossiers.models import Dossier
from payments.fees.errors import FeeQuoteRefused, FeeQuoteUnavailable
from payments.orders import repository, service
from payments.orders.rules import REFUNDABLE
from payments.refunds import rules as refund_rules
from payments.refunds import service as refunds
from payments.refunds.models import RefundCause
from payments.wiring import Wiring
from servicekit.consumer import Delivery, Handler
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.consumers")


async def issue_owed_order(session: AsyncSession, outbox: Outbox, wiring: Wiring, dossier: Dossier) -> None:
    """Issue the order a received dossier owes; when the catalogue cannot quote now, retry later."""
    if await repository.for_dossier(session, dossier.id):
        return
    try:
        async with session.begin_nested():
            await service.issue(
                session,
                outbox,
                wiring.fees,
                dossier,
                payment_due=dossier.payment_due,
                channel="online",
                actor="system",
                ttl_days=wiring.settings.order_ttl_days,
            )
    except FeeQuoteUnavailable:
        dossier.order_pending = True
        dossier.order_attempts += 1
        dossier.order_error = "catalogue unavailable"
        log.warning("payment_issue_deferred", dossier_id=str(dossier.id))
    except FeeQuoteRefused as exc:
        dossier.order_pending = False
        dossier.order_error = exc.render_detail("vi")
        log.error("payment_issue_refused", dossier_id=str(dossier.id), error=dossier.order_error)


def build_handlers(wiring: Wiring, outbox: Outbox) -> dict[str, Handler]:
    async def on_submitted(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierSubmitted)
        await dossiers.submitted(delivery.session, payload)

    async def on_received(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierReceived)
        dossier = await dossiers.received(delivery.session, payload)
        if payload.payment_due is not PaymentDue.NONE:
            await issue_owed_order(delivery.session, outbox, wiring, dossier)

    async def close(delivery: Delivery, status: str, *, cancel_code: str, refund: RefundCause | None) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierEvent)
        dossier = await dossiers.update_status(delivery.session, payload, status)
        if dossier is None:
            return
        for listed in await repository.for_dossier(delivery.session, dossier.id):
            order = await repository.get(delivery.session, listed.id, lock=True)
            assert order is not None
            if await service.cancel(delivery.session, outbox, order, code=cancel_code):
                continue
            if refund is None or order.status not in REFUNDABLE or order.refundable <= 0:
                continue
            if not refund_rules.refund_allowed(refund, result_produced=dossier.result_produced):
                log.info("refund_not_owed_result_produced", payment_id=str(order.id))
                continue
            await refunds.create_refund(
                delivery.session,
                outbox,
                order,
                amount=order.refundable,
                cause=refund,
                reason=refund_rules.REASONS[refund].render("vi"),
                actor="system",
                result_produced=dossier.result_produced,
                source_event_id=delivery.event.uuid,
            )

    async def on_refused(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierRefused)
        cause = refund_rules.automatic_cause(event="refused", at_desk=payload.at_desk)
        await close(delivery, "refused", cancel_code="dossier_refused", refund=cause)

    async def on_stopped(delivery: Delivery) -> None:
        cause = refund_rules.automatic_cause(event="stopped")
        await close(delivery, "stopped", cancel_code="dossier_stopped", refund=cause)

    async def on_withdrawn(delivery: Delivery) -> None:
        # The applicant's own choice: an unpaid order is cancelled, nothing paid is refunded by itself.
        await close(delivery, "withdrawn", cancel_code="dossier_withdrawn", refund=None)

    async def on_resolved(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierEvent)
        await dossiers.update_status(delivery.session, payload, "resolved")

    async def on_agency(delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, AgencyUpdated)
        await accounts.learn(delivery.session, payload)

    return {
        AGENCY_UPDATED: on_agency,
        DOSSIER_SUBMITTED: on_submitted,
        DOSSIER_RECEIVED: on_received,
        DOSSIER_REFUSED: on_refused,
        DOSSIER_STOPPED: on_stopped,
        DOSSIER_WITHDRAWN: on_withdrawn,
        DOSSIER_RESOLVED: on_resolved,
    }
