"""Event handlers of intake: the public status kept in step with workflow's and payments' events
(DESIGN §3), and calendars read afresh when administrators change days off.

Idempotent: servicekit's inbox skips a redelivered event, and each handler checks the lifecycle, so an
event that arrives late (another topic's, or a replay) changes nothing it should not. What a dossier
went through is appended to its history, with who decided.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    CALENDAR_CHANGED,
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_STOPPED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    PAYMENT_REFUNDED,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    PROCESS_PROGRESSED,
    PROCESS_STARTED,
    DossierExtended,
    DossierProcessingStarted,
    DossierRefused,
    DossierResolved,
    DossierStopped,
    DossierSupplementRequested,
    PaymentEvent,
    PaymentRequested,
    ProcessProgressed,
    ProcessStarted,
)
from contracts.lifecycle import DossierStatus, can_transition
from intake.context import Intake
from intake.dossiers import history
from intake.dossiers.models import Dossier
from intake.reception.models import SupplementRequest
from servicekit.consumer import Delivery, Handler

log = structlog.get_logger("intake.consumers")
_S = DossierStatus


async def _dossier(session: AsyncSession, dossier_id: uuid.UUID) -> Dossier | None:
    dossier = await session.get(Dossier, dossier_id, with_for_update=True, populate_existing=True)
    if dossier is None:
        log.info("event_for_unknown_dossier", dossier_id=str(dossier_id))
    return dossier


def _officer(subject: str | None, name: str | None = None) -> history.Actor:
    return history.Actor(subject, "official", name) if subject else history.SYSTEM


def _move(
    session: AsyncSession,
    dossier: Dossier,
    to: DossierStatus,
    actor: history.Actor,
    *,
    action: str,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> bool:
    """Apply a transition the lifecycle allows; otherwise leave the dossier as it is (late or replayed)."""
    current = DossierStatus(dossier.status)
    if current is to:
        return False
    if not can_transition(current, to):
        log.info(
            "transition_ignored", dossier_id=str(dossier.id), status=current.value, to=to.value, action=action
        )
        return False
    history.move(session, dossier, to.value, actor, action=action, reason=reason, details=details)
    return True


def build_handlers(intake: Intake) -> dict[str, Handler]:
    async def processing_started(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierProcessingStarted)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None:
            return
        if event.process_instance_id:
            dossier.process_instance_id = event.process_instance_id
        unpaid = dossier.payment_state == "requested"
        if dossier.status == _S.AWAITING_PAYMENT.value and unpaid:
            return  # the fees are still due: the public status stays "awaiting payment"
        _move(
            delivery.session,
            dossier,
            _S.PROCESSING,
            history.SYSTEM,
            action="processing_started",
            details={"due_date": event.due_date.isoformat() if event.due_date else None},
        )

    async def process_started(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, ProcessStarted)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is not None:
            dossier.process_instance_id = event.process_instance_id

    async def progressed(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, ProcessProgressed)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None:
            return
        try:
            unit = (await intake.catalog.agency(event.handling_agency_code)).name
        except Exception:  # the code is still the answer when the catalogue cannot name it
            unit = event.handling_agency_code
        dossier.handling_unit = unit
        history.record(
            delivery.session,
            dossier,
            f"process_{event.action.value}",
            _officer(event.officer_subject, event.officer_name),
            reason=event.content,
            details={"step": event.step_title, "unit": unit, "unit_code": event.handling_agency_code},
        )

    async def supplement_requested(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierSupplementRequested)
        if event.at_desk:
            return  # the desk's own request, recorded when it was made
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None or not can_transition(DossierStatus(dossier.status), _S.SUPPLEMENT_REQUESTED):
            return
        items = [i.model_dump(mode="json") for i in event.items]
        dossier.supplement_round += 1
        dossier.supplement_at_desk = False
        delivery.session.add(
            SupplementRequest(
                dossier_id=dossier.id,
                round=dossier.supplement_round,
                at_desk=False,
                items=items,
                requested_by=event.requested_by,
                requested_at=event.occurred_at,
                letter_document_id=event.letter_document_id,
            )
        )
        _move(
            delivery.session,
            dossier,
            _S.SUPPLEMENT_REQUESTED,
            _officer(event.requested_by),
            action="supplement_requested_after_appraisal",
            details={"items": items, "round": dossier.supplement_round},
        )

    async def resolved(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierResolved)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None:
            return
        if _move(
            delivery.session,
            dossier,
            _S.RESOLVED,
            _officer(event.decided_by),
            action="resolved",
            details={"on_time": event.on_time, "results": [str(i) for i in event.result_document_ids]},
        ):
            dossier.resolved_at = event.occurred_at
            dossier.appointment_date = event.appointment_date

    async def refused(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierRefused)
        if event.at_desk:
            return
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is not None and _move(
            delivery.session,
            dossier,
            _S.REFUSED,
            _officer(event.decided_by),
            action="refused_after_appraisal",
            reason="; ".join(event.reasons),
        ):
            dossier.refused_at_desk = False

    async def stopped(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierStopped)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is not None:
            _move(
                delivery.session,
                dossier,
                _S.STOPPED,
                _officer(event.decided_by),
                action="stopped",
                reason=event.reason,
            )

    async def extended(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, DossierExtended)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None or dossier.appointment_date == event.new_appointment_date:
            return
        dossier.appointment_date = event.new_appointment_date
        history.record(
            delivery.session,
            dossier,
            "appointment_extended",
            history.SYSTEM,
            reason=event.reason,
            details={
                "from": event.previous_appointment_date.isoformat(),
                "to": event.new_appointment_date.isoformat(),
            },
        )

    async def payment_requested(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, PaymentRequested)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None or dossier.payment_state in ("paid", "refunded"):
            return
        dossier.payment_state = "requested"
        moved = _move(
            delivery.session,
            dossier,
            _S.AWAITING_PAYMENT,
            history.SYSTEM,
            action="payment_requested",
            details={"amount": event.amount, "payment_id": str(event.payment_id)},
        )
        if not moved:
            history.record(
                delivery.session,
                dossier,
                "payment_requested",
                history.SYSTEM,
                details={"amount": event.amount},
            )

    async def payment_settled(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, PaymentEvent)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is None or dossier.payment_state == "paid":
            return
        waived = delivery.event.type == PAYMENT_WAIVED
        dossier.payment_state = "paid"
        dossier.paid_at = event.occurred_at
        action = "payment_waived" if waived else "payment_succeeded"
        if not _move(delivery.session, dossier, _S.PROCESSING, history.SYSTEM, action=action):
            history.record(delivery.session, dossier, action, history.SYSTEM)

    async def payment_refunded(delivery: Delivery) -> None:
        event = delivery.payload
        assert isinstance(event, PaymentEvent)
        dossier = await _dossier(delivery.session, event.dossier_id)
        if dossier is not None:
            dossier.payment_state = "refunded"
            history.record(delivery.session, dossier, "payment_refunded", history.SYSTEM)

    async def calendar_changed(_: Delivery) -> None:
        intake.catalog.forget_calendars()

    handlers: Mapping[str, Handler] = {
        DOSSIER_PROCESSING_STARTED: processing_started,
        PROCESS_STARTED: process_started,
        PROCESS_PROGRESSED: progressed,
        DOSSIER_SUPPLEMENT_REQUESTED: supplement_requested,
        DOSSIER_RESOLVED: resolved,
        DOSSIER_REFUSED: refused,
        DOSSIER_STOPPED: stopped,
        DOSSIER_EXTENDED: extended,
        PAYMENT_REQUESTED: payment_requested,
        PAYMENT_SUCCEEDED: payment_settled,
        PAYMENT_WAIVED: payment_settled,
        PAYMENT_REFUNDED: payment_refunded,
        CALENDAR_CHANGED: calendar_changed,
    }
    return dict(handlers)
