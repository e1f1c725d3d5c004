"""The event registry: every CloudEvents type, its topic, payload model, producers and consumers.

The AsyncAPI document is generated from this table, and consumers use `parse_payload` to turn an
event's `data` into its model.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel

from contracts.events import catalog, dossier, feedback, identity, notification, payment, process, rating
from contracts.events.topics import (
    CATALOG_TOPIC,
    DOSSIER_TOPIC,
    FEEDBACK_TOPIC,
    IDENTITY_TOPIC,
    NOTIFICATION_TOPIC,
    PAYMENT_TOPIC,
)
from contracts.lifecycle import DossierStatus

__all__ = [
    "EVENTS",
    "SERVICES",
    "EventSpec",
    "ServiceName",
    "UnknownEventType",
    "parse_payload",
    "parse_payload_json",
    "spec_for",
]

ServiceName = Literal["identity", "catalog", "intake", "workflow", "notify", "payments", "nationalsync"]
SERVICES: tuple[ServiceName, ...] = (
    "identity",
    "catalog",
    "intake",
    "workflow",
    "notify",
    "payments",
    "nationalsync",
)


@dataclass(frozen=True, kw_only=True)
class EventSpec:
    """What the suite knows about one event type."""

    type: str
    """CloudEvents `type`: `vn.motcua.<aggregate>.<event>.v1`."""
    topic: str
    payload: builtins.type[BaseModel]
    summary: str
    key_field: str | None
    """Payload field whose value is the Kafka key (the aggregate id); None: one key for all events."""
    producers: tuple[ServiceName, ...]
    consumers: tuple[ServiceName, ...]
    enters_status: DossierStatus | None = None
    """The dossier status this event moves the dossier into, when the type alone decides it."""

    @property
    def aggregate(self) -> str:
        """The `<aggregate>` part of the type, e.g. `dossier`."""
        return self.type.split(".")[2]

    @property
    def name(self) -> str:
        """The payload model's name, e.g. `DossierSubmitted`; also the AsyncAPI message name."""
        return self.payload.__name__

    def partition_key(self, payload: BaseModel) -> str:
        """The Kafka message key for `payload`: the aggregate id, so one aggregate's events stay ordered."""
        if not isinstance(payload, self.payload):
            raise TypeError(f"{type(payload).__name__} is not the payload of {self.type} ({self.name})")
        if self.key_field is None:
            return self.aggregate
        return str(getattr(payload, self.key_field))


# nationalsync mirrors every status change to the national portal (R-OPS-5, R-FMT-4).
_DOSSIER_CONSUMERS: tuple[ServiceName, ...] = ("notify", "catalog", "nationalsync")


def _dossier(
    type_: str,
    payload: type[BaseModel],
    summary: str,
    *,
    producers: tuple[ServiceName, ...],
    consumers: tuple[ServiceName, ...],
    enters: DossierStatus | None,
) -> EventSpec:
    return EventSpec(
        type=type_,
        topic=DOSSIER_TOPIC,
        payload=payload,
        summary=summary,
        key_field="dossier_id",
        producers=producers,
        consumers=consumers,
        enters_status=enters,
    )


_S = DossierStatus

_SPECS: tuple[EventSpec, ...] = (
    _dossier(
        dossier.DOSSIER_SUBMITTED,
        dossier.DossierSubmitted,
        "A dossier was filed online, at the desk or by post.",
        producers=("intake",),
        consumers=("workflow", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.SUBMITTED,
    ),
    _dossier(
        dossier.DOSSIER_RECEIVED,
        dossier.DossierReceived,
        "The desk received a complete dossier and issued the receipt with the appointment date.",
        producers=("intake",),
        consumers=("workflow", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.RECEIVED,
    ),
    _dossier(
        dossier.DOSSIER_REFUSED,
        dossier.DossierRefused,
        "The dossier was refused, at the desk or after appraisal, with reasons.",
        producers=("intake", "workflow"),
        consumers=("intake", "workflow", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.REFUSED,
    ),
    _dossier(
        dossier.DOSSIER_SUPPLEMENT_REQUESTED,
        dossier.DossierSupplementRequested,
        "The desk or the appraising officer asked for everything missing, at once.",
        producers=("intake", "workflow"),
        consumers=("intake", "workflow", "notify", "nationalsync"),
        enters=_S.SUPPLEMENT_REQUESTED,
    ),
    _dossier(
        dossier.DOSSIER_SUPPLEMENTED,
        dossier.DossierSupplemented,
        "The applicant supplied what was asked.",
        producers=("intake",),
        consumers=("workflow", "notify", "nationalsync"),
        enters=None,
    ),
    _dossier(
        dossier.DOSSIER_PROCESSING_STARTED,
        dossier.DossierProcessingStarted,
        "The competent agency started or resumed processing.",
        producers=("workflow",),
        consumers=("intake", *_DOSSIER_CONSUMERS),
        enters=_S.PROCESSING,
    ),
    _dossier(
        dossier.DOSSIER_WITHDRAWN,
        dossier.DossierWithdrawn,
        "The applicant withdrew the dossier.",
        producers=("intake",),
        consumers=("workflow", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.WITHDRAWN,
    ),
    _dossier(
        dossier.DOSSIER_RESOLVED,
        dossier.DossierResolved,
        "The dossier was approved and its result produced.",
        producers=("workflow",),
        consumers=("intake", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.RESOLVED,
    ),
    _dossier(
        dossier.DOSSIER_RETURNED,
        dossier.DossierReturned,
        "The result was returned to the applicant.",
        producers=("intake",),
        consumers=("workflow", *_DOSSIER_CONSUMERS),
        enters=_S.RETURNED,
    ),
    _dossier(
        dossier.DOSSIER_STOPPED,
        dossier.DossierStopped,
        "Processing was stopped, with a reason.",
        producers=("workflow",),
        consumers=("intake", "payments", *_DOSSIER_CONSUMERS),
        enters=_S.STOPPED,
    ),
    _dossier(
        dossier.DOSSIER_EXTENDED,
        dossier.DossierExtended,
        "The appointment date was moved once, with an apology (R-PROC-8).",
        producers=("workflow",),
        consumers=("intake", "notify", "nationalsync"),
        enters=None,
    ),
    _dossier(
        rating.RATING_SUBMITTED,
        rating.RatingSubmitted,
        "The applicant rated the handling of a dossier, or changed the rating (R-FB-5).",
        producers=("intake",),
        consumers=("catalog",),
        enters=None,
    ),
    _dossier(
        dossier.PROCESS_STARTED,
        dossier.ProcessStarted,
        "Workflow started a process instance for a dossier.",
        producers=("workflow",),
        consumers=("intake", "notify"),
        enters=None,
    ),
    _dossier(
        process.PROCESS_PROGRESSED,
        process.ProcessProgressed,
        "Workflow recorded a step of processing (hand-over, assignment, appraisal, consultation, approval).",
        producers=("workflow",),
        consumers=("intake", "notify", "nationalsync"),
        enters=None,
    ),
    _dossier(
        process.PROCESS_DUE_SOON,
        process.ProcessDueSoon,
        "A processing deadline (the dossier's, a step's or a consultation's) is near.",
        producers=("workflow",),
        consumers=("notify",),
        enters=None,
    ),
    _dossier(
        process.PROCESS_OVERDUE,
        process.ProcessOverdue,
        "A processing deadline passed (a missed consultation deadline is reported to the desk).",
        producers=("workflow",),
        consumers=("intake", "notify"),
        enters=None,
    ),
    EventSpec(
        type=catalog.PROCEDURE_PUBLISHED,
        topic=CATALOG_TOPIC,
        payload=catalog.ProcedurePublished,
        summary="A procedure version was published.",
        key_field="procedure_id",
        producers=("catalog",),
        consumers=("intake", "workflow", "payments", "nationalsync"),
    ),
    EventSpec(
        type=catalog.AGENCY_UPDATED,
        topic=CATALOG_TOPIC,
        payload=catalog.AgencyUpdated,
        summary="An agency was created or changed.",
        key_field="agency_id",
        producers=("catalog",),
        consumers=("intake", "workflow", "notify", "payments", "nationalsync"),
    ),
    EventSpec(
        type=catalog.CALENDAR_CHANGED,
        topic=CATALOG_TOPIC,
        payload=catalog.CalendarChanged,
        summary="The working-day calendar overrides changed (complete set).",
        key_field=None,
        producers=("catalog",),
        consumers=("intake", "workflow"),
    ),
    EventSpec(
        type=catalog.MAINTENANCE_SCHEDULED,
        topic=CATALOG_TOPIC,
        payload=catalog.MaintenanceScheduled,
        summary="A maintenance window of the portal was scheduled (R-OPS-1).",
        key_field="window_id",
        producers=("catalog",),
        consumers=("notify",),
    ),
    EventSpec(
        type=catalog.MAINTENANCE_EXTENDED,
        topic=CATALOG_TOPIC,
        payload=catalog.MaintenanceExtended,
        summary="A maintenance window's expected end moved later.",
        key_field="window_id",
        producers=("catalog",),
        consumers=("notify",),
    ),
    EventSpec(
        type=catalog.MAINTENANCE_CANCELLED,
        topic=CATALOG_TOPIC,
        payload=catalog.MaintenanceCancelled,
        summary="A maintenance window was cancelled or ended early.",
        key_field="window_id",
        producers=("catalog",),
        consumers=("notify",),
    ),
    EventSpec(
        type=identity.ACCOUNT_REGISTERED,
        topic=IDENTITY_TOPIC,
        payload=identity.AccountRegistered,
        summary="An account was created.",
        key_field="subject",
        producers=("identity",),
        consumers=("notify", "intake", "nationalsync"),
    ),
    EventSpec(
        type=identity.ACCOUNT_UPDATED,
        topic=IDENTITY_TOPIC,
        payload=identity.AccountUpdated,
        summary="Account information changed.",
        key_field="subject",
        producers=("identity",),
        consumers=("notify", "intake", "nationalsync"),
    ),
    EventSpec(
        type=payment.PAYMENT_REQUESTED,
        topic=PAYMENT_TOPIC,
        payload=payment.PaymentRequested,
        summary="A payment order was issued; the dossier awaits payment.",
        key_field="payment_id",
        producers=("payments",),
        consumers=("intake", "workflow", "notify", "nationalsync"),
    ),
    EventSpec(
        type=payment.PAYMENT_SUCCEEDED,
        topic=PAYMENT_TOPIC,
        payload=payment.PaymentSucceeded,
        summary="A payment was confirmed; processing may go on.",
        key_field="payment_id",
        producers=("payments",),
        consumers=("intake", "workflow", "notify", "nationalsync"),
    ),
    EventSpec(
        type=payment.PAYMENT_FAILED,
        topic=PAYMENT_TOPIC,
        payload=payment.PaymentFailed,
        summary="A payment attempt failed or the order expired.",
        key_field="payment_id",
        producers=("payments",),
        consumers=("notify",),
    ),
    EventSpec(
        type=payment.PAYMENT_REFUNDED,
        topic=PAYMENT_TOPIC,
        payload=payment.PaymentRefunded,
        summary="Fees were refunded (R-PAY-4).",
        key_field="payment_id",
        producers=("payments",),
        consumers=("intake", "notify"),
    ),
    EventSpec(
        type=payment.PAYMENT_WAIVED,
        topic=PAYMENT_TOPIC,
        payload=payment.PaymentWaived,
        summary="Exemptions cover every fee: the dossier goes on as if paid.",
        key_field="payment_id",
        producers=("payments",),
        consumers=("intake", "workflow", "nationalsync"),
    ),
    *(
        EventSpec(
            type=type_,
            topic=FEEDBACK_TOPIC,
            payload=payload,
            summary=summary,
            key_field="feedback_id",
            producers=("intake",),
            # notify tells the submitter the answer and relays every one to the agency's webhooks.
            consumers=("notify",),
        )
        for type_, payload, summary in (
            (
                feedback.FEEDBACK_SUBMITTED,
                feedback.FeedbackSubmitted,
                "Feedback or a petition was received and routed to the responsible agency (R-FB-4).",
            ),
            (
                feedback.FEEDBACK_FORWARDED,
                feedback.FeedbackForwarded,
                "Feedback was forwarded to the competent agency, with a new due date.",
            ),
            (
                feedback.FEEDBACK_ANSWERED,
                feedback.FeedbackAnswered,
                "An official answered feedback: who, when, on time or late (R-FB-4).",
            ),
            (
                feedback.FEEDBACK_DUE_SOON,
                feedback.FeedbackDueSoon,
                "Unanswered feedback is due within one working day.",
            ),
            (
                feedback.FEEDBACK_OVERDUE,
                feedback.FeedbackOverdue,
                "Unanswered feedback passed its 3-working-day time limit.",
            ),
        )
    ),
    EventSpec(
        type=notification.MESSAGE_DELIVERED,
        topic=NOTIFICATION_TOPIC,
        payload=notification.MessageDelivered,
        summary="A message was delivered.",
        key_field="message_id",
        producers=("notify",),
        consumers=("intake",),
    ),
    EventSpec(
        type=notification.MESSAGE_FAILED,
        topic=NOTIFICATION_TOPIC,
        payload=notification.MessageFailed,
        summary="A message could not be delivered after its retries.",
        key_field="message_id",
        producers=("notify",),
        consumers=("intake",),
    ),
)

#: Every event type of the suite, keyed by its CloudEvents type.
EVENTS: Mapping[str, EventSpec] = MappingProxyType({spec.type: spec for spec in _SPECS})


class UnknownEventType(KeyError):
    """An event type that is not in the registry (a `KeyError`, with a readable message)."""

    def __init__(self, event_type: str) -> None:
        super().__init__(event_type)
        self.event_type = event_type

    def __str__(self) -> str:
        return f"unknown event type {self.event_type!r}: not registered in contracts.events.EVENTS"


def spec_for(event_type: str, /) -> EventSpec:
    """The spec of a CloudEvents type; `UnknownEventType` (a `KeyError`) when it is not registered."""
    try:
        return EVENTS[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def parse_payload(event_type: str, data: Mapping[str, Any], /) -> BaseModel:
    """Validate an event's `data` (already decoded JSON) into the payload model of its type."""
    return spec_for(event_type).payload.model_validate(data)


def parse_payload_json(event_type: str, data: str | bytes, /) -> BaseModel:
    """Validate an event's raw JSON `data` into the payload model of its type."""
    return spec_for(event_type).payload.model_validate_json(data)
