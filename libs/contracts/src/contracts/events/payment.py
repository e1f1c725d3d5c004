"""Events on the payment topic. They move a dossier into and out of awaiting_payment (DESIGN §3)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr, Vnd

__all__ = [
    "PAYMENT_FAILED",
    "PAYMENT_REFUNDED",
    "PAYMENT_REQUESTED",
    "PAYMENT_SUCCEEDED",
    "FeeLine",
    "PaymentEvent",
    "PaymentFailed",
    "PaymentMethod",
    "PaymentRefunded",
    "PaymentRequested",
    "PaymentSucceeded",
]

PAYMENT_REQUESTED = "vn.motcua.payment.requested.v1"
PAYMENT_SUCCEEDED = "vn.motcua.payment.succeeded.v1"
PAYMENT_FAILED = "vn.motcua.payment.failed.v1"
PAYMENT_REFUNDED = "vn.motcua.payment.refunded.v1"


class PaymentMethod(StrEnum):
    """How a fee is paid (R-PAY-3)."""

    ONLINE_GATEWAY = "online_gateway"
    BANK_TRANSFER = "bank_transfer"
    DESK_CASH = "desk_cash"
    POSTAL = "postal"


class FeeLine(EventPayload):
    """One fee or charge (phí, lệ phí) of a payment order."""

    name: NonEmptyStr
    amount: Vnd


class PaymentEvent(EventPayload):
    """Fields every payment event carries."""

    payment_id: UUID
    dossier_id: UUID
    dossier_code: NonEmptyStr | None = None
    agency_code: NonEmptyStr
    applicant_subject: NonEmptyStr
    occurred_at: AwareDatetime


class PaymentRequested(PaymentEvent):
    """A payment order was issued for a dossier; the dossier awaits payment."""

    amount: Vnd
    fee_lines: tuple[FeeLine, ...] = Field(min_length=1)
    description: NonEmptyStr


class PaymentSucceeded(PaymentEvent):
    """The payment was confirmed (IPN, bank statement or desk receipt)."""

    amount: Vnd
    method: PaymentMethod
    transaction_ref: NonEmptyStr
    paid_at: AwareDatetime


class PaymentFailed(PaymentEvent):
    """An attempt to pay failed or the order expired; the dossier still awaits payment."""

    method: PaymentMethod
    reason: NonEmptyStr


class PaymentRefunded(PaymentEvent):
    """Fees were refunded because the agency could not perform the service (R-PAY-4)."""

    refund_id: UUID
    amount: Vnd
    reason: NonEmptyStr
