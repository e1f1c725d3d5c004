"""The payment events an order emits (contracts.events.payment), written to the outbox with the change."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    PAYMENT_FAILED,
    PAYMENT_REFUNDED,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_WAIVED,
    FeeLine,
    PaymentDue,
    PaymentFailed,
    PaymentMethod,
    PaymentRefunded,
    PaymentRequested,
    PaymentSucceeded,
    PaymentWaived,
)
from payments.clock import utcnow
from payments.orders.models import PaymentOrder, PaymentTransaction, Provider
from payments.orders.rules import failure_reason
from servicekit.outbox import Outbox

METHOD_OF_PROVIDER = {
    Provider.VNPAY.value: PaymentMethod.ONLINE_GATEWAY,
    Provider.BANK_TRANSFER.value: PaymentMethod.BANK_TRANSFER,
    Provider.DESK.value: PaymentMethod.DESK_CASH,
}


def method_of(provider: str) -> PaymentMethod:
    return METHOD_OF_PROVIDER[provider]


def _common(order: PaymentOrder) -> dict[str, Any]:
    return {
        "payment_id": order.id,
        "dossier_id": order.dossier_id,
        "dossier_code": order.dossier_code,
        "agency_code": order.agency_code,
        "applicant_subject": order.applicant_subject,
        "occurred_at": utcnow(),
    }


async def requested(session: AsyncSession, outbox: Outbox, order: PaymentOrder) -> None:
    due = PaymentDue(order.payment_due) if order.payment_due != PaymentDue.NONE.value else None
    lines = tuple(
        FeeLine(name=line["name"], amount=line["amount"]) for line in order.fee_lines if line["amount"] > 0
    )
    payload = PaymentRequested(
        **_common(order),
        amount=order.amount,
        fee_lines=lines,
        description=order.description,
        payment_due=due,
        payment_reference=order.payment_reference,
        expires_at=order.expires_at,
    )
    await outbox.add(session, PAYMENT_REQUESTED, payload, key=str(order.id), subject=order.dossier_code)


async def succeeded(
    session: AsyncSession, outbox: Outbox, order: PaymentOrder, txn: PaymentTransaction, receipt_number: str
) -> None:
    payload = PaymentSucceeded(
        **_common(order),
        amount=txn.amount,
        method=method_of(txn.provider),
        transaction_ref=txn.txn_ref,
        paid_at=txn.paid_at or utcnow(),
        receipt_number=receipt_number,
    )
    await outbox.add(session, PAYMENT_SUCCEEDED, payload, key=str(order.id), subject=order.dossier_code)


async def failed(
    session: AsyncSession, outbox: Outbox, order: PaymentOrder, *, code: str, provider: str = "vnpay"
) -> None:
    payload = PaymentFailed(
        **_common(order),
        method=method_of(provider),
        reason=failure_reason(code),
        failure_code=code,
    )
    await outbox.add(session, PAYMENT_FAILED, payload, key=str(order.id), subject=order.dossier_code)


async def waived(session: AsyncSession, outbox: Outbox, order: PaymentOrder) -> None:
    payload = PaymentWaived(
        **_common(order),
        exemption_codes=tuple(order.exemptions),
        reason="Được miễn toàn bộ phí, lệ phí",
    )
    await outbox.add(session, PAYMENT_WAIVED, payload, key=str(order.id), subject=order.dossier_code)


async def refunded(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    *,
    refund_id: UUID,
    amount: int,
    reason: str,
    provider: str,
    fully: bool,
) -> None:
    payload = PaymentRefunded(
        **_common(order),
        refund_id=refund_id,
        amount=amount,
        reason=reason,
        method=method_of(provider),
        fully_refunded=fully,
    )
    await outbox.add(session, PAYMENT_REFUNDED, payload, key=str(order.id), subject=order.dossier_code)
