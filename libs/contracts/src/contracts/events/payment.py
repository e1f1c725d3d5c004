"""Events on the payment topic. They move a dossier into and out of awaiting_payment (DESIGN §3)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr, Vnd
from contracts.events.dossier import PaymentDue

__all__ = [
    "PAYMENT_FAILED",
    "PAYMENT_REFUNDED",
    "PAYMENT_REQUESTED",
    "PAYMENT_SUCCEEDED",
    "PAYMENT_WAIVED",
    "FeeLine",
    "PaymentEvent",
    "PaymentFailed",
    "PaymentMethod",
    "PaymentRefunded",
    "PaymentRequested",
    "PaymentSucceeded",
    "PaymentWaived",
]

PAYMENT_REQUESTED = "vn.motcua.payment.requested.v1"
PAYMENT_SUCCEEDED = "vn.motcua.payment.succeeded.v1"
PAYMENT_FAILED = "vn.motcua.payment.failed.v1"
PAYMENT_REFUNDED = "vn.motcua.payment.refunded.v1"
PAYMENT_WAIVED = "vn.motcua.payment.waived.v1"


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
    payment_due: PaymentDue | None = Field(
        default=None, description="When it falls due: before processing starts or before the result returns."
    )
    payment_reference: NonEmptyStr | None = Field(
        default=None, description="Reference to write in a bank transfer's description (R-PAY-3)."
    )
    expires_at: AwareDatetime | None = Field(default=None, description="The order's deadline.")


class PaymentSucceeded(PaymentEvent):
    """The payment was confirmed (IPN, bank statement or desk receipt)."""

    amount: Vnd
    method: PaymentMethod
    transaction_ref: NonEmptyStr
    paid_at: AwareDatetime
    receipt_number: NonEmptyStr | None = Field(default=None, description="Number of the receipt issued.")


class PaymentFailed(PaymentEvent):
    """An attempt to pay failed or the order expired; the dossier still awaits payment."""

    method: PaymentMethod
    reason: NonEmptyStr
    failure_code: NonEmptyStr | None = Field(
        default=None, description="Stable code: customer_cancelled, insufficient_funds, expired, …"
    )


class PaymentRefunded(PaymentEvent):
    """Fees were refunded because the agency could not perform the service (R-PAY-4)."""

    refund_id: UUID
    amount: Vnd
    reason: NonEmptyStr
    method: PaymentMethod | None = Field(default=None, description="How the money goes back.")
    fully_refunded: bool | None = Field(default=None, description="Nothing is left to refund.")


class PaymentWaived(PaymentEvent):
    """Nothing is left to pay (exemptions cover every fee): for the dossier it is as if paid."""

    exemption_codes: tuple[NonEmptyStr, ...] = ()
    reason: NonEmptyStr
