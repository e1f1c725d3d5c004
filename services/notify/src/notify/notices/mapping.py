"""From contract events to notices: which kind, for whom, with which template variables. No I/O.

``feedback.answered`` (R-FB-4) tells the submitter the answer: an account holder as any notice (their
preferences apply); someone who wrote without an account at the email address and phone number they
gave (``direct_notices_for``), since notify knows no account to look their contact up by.

Every dossier transition the applicant must hear about maps to one kind (R-NOTI-3). ``dossier.resolved``
is announced as an early return (R-RES-1) when the result is ready before the appointment date, else
as "result ready". ``process.started`` is workflow's own fact and notifies nobody: the applicant heard
of the submission from ``dossier.submitted`` (one notice per dossier, as the walking skeleton's tests
expect). ``dossier.supplemented`` is the applicant's own action and notifies nobody either.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pydantic import BaseModel

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_WITHDRAWN,
    FEEDBACK_ANSWERED,
    PAYMENT_FAILED,
    PAYMENT_REFUNDED,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    DossierEvent,
    DossierExtended,
    DossierProcessingStarted,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierReturned,
    DossierStopped,
    DossierSubmitted,
    DossierSupplementRequested,
    DossierWithdrawn,
    FeedbackAnswered,
    PaymentEvent,
    PaymentFailed,
    PaymentMethod,
    PaymentRefunded,
    PaymentRequested,
    PaymentSucceeded,
    PaymentWaived,
)
from contracts.lifecycle import Channel as DossierChannel
from notify.kinds import Channel
from notify.templates.filters import LOCAL_TZ
from servicekit.i18n import Text


@dataclass(frozen=True)
class Notice:
    """Something to tell one account holder; variables may hold ``Text`` resolved per language."""

    kind: str
    recipient_subject: str
    variables: Mapping[str, Any]
    dossier_id: uuid.UUID | None = None
    recipient_name: str | None = None


@dataclass(frozen=True)
class DirectNotice:
    """Something to tell a person without an account, at an address they gave."""

    kind: str
    channel: Channel
    address: str
    variables: Mapping[str, Any]
    recipient_name: str | None = None


RETURN_CHANNELS: Mapping[DossierChannel, Text] = {
    DossierChannel.DESK: Text("tại Bộ phận Một cửa", "at the one-stop desk"),
    DossierChannel.POSTAL: Text("qua dịch vụ bưu chính công ích", "by public postal service"),
    DossierChannel.ONLINE: Text("trực tuyến trên Cổng Dịch vụ công", "online on the Public Service Portal"),
}
PAYMENT_METHODS: Mapping[PaymentMethod, Text] = {
    PaymentMethod.ONLINE_GATEWAY: Text("cổng thanh toán trực tuyến", "the online payment gateway"),
    PaymentMethod.BANK_TRANSFER: Text("chuyển khoản ngân hàng", "bank transfer"),
    PaymentMethod.DESK_CASH: Text("nộp tiền mặt tại Bộ phận Một cửa", "cash at the one-stop desk"),
    PaymentMethod.POSTAL: Text("dịch vụ bưu chính", "postal service"),
}


def _dossier(event: DossierEvent, kind: str, **variables: Any) -> Notice:
    return Notice(
        kind=kind,
        recipient_subject=event.applicant_subject,
        dossier_id=event.dossier_id,
        variables={
            "dossier_id": str(event.dossier_id),
            "dossier_code": event.dossier_code,
            "procedure_code": event.procedure_code,
            "agency_code": event.agency_code,
            **variables,
        },
    )


def _payment(event: PaymentEvent, kind: str, **variables: Any) -> Notice:
    return Notice(
        kind=kind,
        recipient_subject=event.applicant_subject,
        dossier_id=event.dossier_id,
        variables={
            "dossier_id": str(event.dossier_id),
            "dossier_code": event.dossier_code,
            "procedure_code": None,
            "agency_code": event.agency_code,
            **variables,
        },
    )


def resolved_kind(event: DossierResolved) -> tuple[str, date]:
    """R-RES-1: a result ready before the appointment date is announced as an early return."""
    ready = event.occurred_at.astimezone(LOCAL_TZ).date()
    return ("dossier.early_return" if ready < event.appointment_date else "dossier.result_ready"), ready


def _submitted(e: DossierSubmitted) -> Notice:
    notice = _dossier(e, "dossier.submitted", submitted_at=e.submitted_at)
    return replace(notice, recipient_name=e.applicant_name)


def _received(e: DossierReceived) -> Notice:
    return _dossier(e, "dossier.received", received_at=e.received_at, appointment_date=e.appointment_date)


def _supplement(e: DossierSupplementRequested) -> Notice:
    items = [item.model_dump(mode="python") for item in e.items]
    return _dossier(e, "dossier.supplement_requested", at_desk=e.at_desk, items=items)


def _refused(e: DossierRefused) -> Notice:
    return _dossier(e, "dossier.refused", at_desk=e.at_desk, reasons=list(e.reasons))


def _processing(e: DossierProcessingStarted) -> Notice:
    return _dossier(e, "dossier.processing_started", due_date=e.due_date)


def _extended(e: DossierExtended) -> Notice:
    return _dossier(
        e,
        "dossier.extended",
        reason=e.reason,
        previous_appointment_date=e.previous_appointment_date,
        new_appointment_date=e.new_appointment_date,
    )


def _resolved(e: DossierResolved) -> Notice:
    kind, ready = resolved_kind(e)
    extra = {"ready_date": ready} if kind == "dossier.early_return" else {}
    return _dossier(e, kind, appointment_date=e.appointment_date, **extra)


def _returned(e: DossierReturned) -> Notice:
    return _dossier(e, "dossier.returned", return_channel=RETURN_CHANNELS[e.return_channel])


def _stopped(e: DossierStopped) -> Notice:
    return _dossier(e, "dossier.stopped", reason=e.reason)


def _withdrawn(e: DossierWithdrawn) -> Notice:
    return _dossier(e, "dossier.withdrawn", reason=e.reason)


def _payment_requested(e: PaymentRequested) -> Notice:
    lines = [{"name": line.name, "amount": line.amount} for line in e.fee_lines]
    return _payment(e, "payment.requested", amount=e.amount, fee_lines=lines, description=e.description)


def _payment_succeeded(e: PaymentSucceeded) -> Notice:
    return _payment(
        e,
        "payment.succeeded",
        amount=e.amount,
        method=PAYMENT_METHODS[e.method],
        transaction_ref=e.transaction_ref,
        paid_at=e.paid_at,
    )


def _payment_refunded(e: PaymentRefunded) -> Notice:
    return _payment(e, "payment.refunded", amount=e.amount, reason=e.reason)


def _payment_failed(e: PaymentFailed) -> Notice:
    return _payment(e, "payment.failed", method=PAYMENT_METHODS[e.method], reason=e.reason)


def _payment_waived(e: PaymentWaived) -> Notice:
    return _payment(e, "payment.waived", reason=e.reason)


def _feedback_variables(e: FeedbackAnswered) -> dict[str, Any]:
    return {
        "feedback_title": e.title,
        "answer": e.answer,
        "answered_at": e.answered_at,
        "dossier_code": e.dossier_code,
    }


def _feedback_answered(e: FeedbackAnswered) -> Notice | None:
    if e.submitter_subject is None:
        return None
    return Notice(
        kind="feedback.answered",
        recipient_subject=e.submitter_subject,
        variables=_feedback_variables(e),
        dossier_id=e.dossier_id,
    )


MAPPERS: Mapping[str, Callable[[Any], Notice | None]] = {
    DOSSIER_SUBMITTED: _submitted,
    DOSSIER_RECEIVED: _received,
    DOSSIER_SUPPLEMENT_REQUESTED: _supplement,
    DOSSIER_REFUSED: _refused,
    DOSSIER_PROCESSING_STARTED: _processing,
    DOSSIER_EXTENDED: _extended,
    DOSSIER_RESOLVED: _resolved,
    DOSSIER_RETURNED: _returned,
    DOSSIER_STOPPED: _stopped,
    DOSSIER_WITHDRAWN: _withdrawn,
    PAYMENT_REQUESTED: _payment_requested,
    PAYMENT_SUCCEEDED: _payment_succeeded,
    PAYMENT_REFUNDED: _payment_refunded,
    PAYMENT_FAILED: _payment_failed,
    PAYMENT_WAIVED: _payment_waived,
    FEEDBACK_ANSWERED: _feedback_answered,
}


def notices_for(event_type: str, payload: BaseModel) -> list[Notice]:
    """The notices an event gives (empty for events notify only listens to)."""
    mapper = MAPPERS.get(event_type)
    notice = mapper(payload) if mapper else None
    return [notice] if notice is not None else []


def direct_notices_for(event_type: str, payload: BaseModel) -> list[DirectNotice]:
    """Notices to the addresses a submitter without an account gave (email first, then SMS)."""
    if event_type != FEEDBACK_ANSWERED or not isinstance(payload, FeedbackAnswered):
        return []
    if payload.submitter_subject is not None:
        return []
    variables = _feedback_variables(payload)
    out = []
    for channel, address in ((Channel.EMAIL, payload.contact_email), (Channel.SMS, payload.contact_phone)):
        if address:
            out.append(
                DirectNotice(
                    "feedback.answered", channel, address, variables, recipient_name=payload.submitter_name
                )
            )
    return out
