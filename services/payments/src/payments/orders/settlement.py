"""Settling a payment exactly once, whoever reports it first.

An IPN, its retries, the browser return (which asks the gateway itself), the expiry watcher and the
reconciliation job may all report the same payment at the same moment, from several replicas. Each
settles through ``settle``: it locks the order row (``SELECT … FOR UPDATE``), then the transaction row,
and changes them only while the transaction is still open. The first one in makes the one change —
one success, one ``payment.succeeded``, one receipt; the others find it settled and change nothing.
Money that arrives for an order already paid or closed is kept as surplus and refunded, never lost.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from payments import metrics
from payments.clock import utcnow
from payments.dossiers.models import Dossier
from payments.gateways.base import PaymentOutcome, Verdict
from payments.orders import events, repository
from payments.orders.models import OrderStatus, PaymentOrder, PaymentTransaction, TransactionStatus
from payments.orders.rules import is_payable, status_after_failed_try
from payments.receipts import service as receipts
from payments.refunds import service as refunds
from payments.refunds.models import RefundCause
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.settlement")


class Result(StrEnum):
    NOT_FOUND = "not_found"
    AMOUNT_MISMATCH = "amount_mismatch"
    ALREADY_SETTLED = "already_settled"
    PAID = "paid"
    SURPLUS = "surplus"
    FAILED = "failed"
    STILL_PENDING = "still_pending"


@dataclass(frozen=True)
class Settlement:
    result: Result
    payment_id: uuid.UUID | None = None
    transaction: PaymentTransaction | None = None


#: A transaction in these states may still change: an expired try can turn out paid after all.
OPEN = (TransactionStatus.PENDING.value, TransactionStatus.EXPIRED.value)


async def locked(
    session: AsyncSession, *, provider: str, txn_ref: str
) -> tuple[PaymentOrder, PaymentTransaction] | None:
    """The order and transaction of ``txn_ref``, both locked (order first)."""
    order = await repository.order_of_transaction(session, provider=provider, txn_ref=txn_ref, lock=True)
    if order is None:
        return None
    txn = await repository.transaction(session, provider=provider, txn_ref=txn_ref, lock=True)
    assert txn is not None
    return order, txn


async def settle(
    session: AsyncSession, outbox: Outbox, *, provider: str, outcome: PaymentOutcome, via: str
) -> Settlement:
    """Apply what the gateway says of one payment, once. See the module docstring."""
    settled = await _settle(session, outbox, provider=provider, outcome=outcome, via=via)
    metrics.SETTLEMENTS.labels(via, settled.result.value).inc()
    return settled


async def _settle(
    session: AsyncSession, outbox: Outbox, *, provider: str, outcome: PaymentOutcome, via: str
) -> Settlement:
    pair = await locked(session, provider=provider, txn_ref=outcome.txn_ref)
    if pair is None:
        return Settlement(Result.NOT_FOUND)
    order, txn = pair
    if outcome.verdict is Verdict.PAID and outcome.amount != txn.amount:
        # Nothing is credited; the try fails with the reason recorded (R-FMT-6 answer 04).
        log.warning(
            "payment_amount_mismatch",
            txn_ref=txn.txn_ref,
            expected=txn.amount,
            reported=outcome.amount,
            via=via,
        )
        if txn.status in OPEN:
            await _fail(session, outbox, order, txn, outcome, via=via, code="amount_mismatch")
        return Settlement(Result.AMOUNT_MISMATCH, order.id, txn)
    if txn.status not in OPEN or (
        txn.status == TransactionStatus.EXPIRED.value and outcome.verdict is not Verdict.PAID
    ):
        return Settlement(Result.ALREADY_SETTLED, order.id, txn)
    if outcome.verdict is Verdict.PENDING:
        return Settlement(Result.STILL_PENDING, order.id, txn)
    if outcome.verdict is Verdict.FAILED:
        await _fail(
            session, outbox, order, txn, outcome, via=via, code=outcome.failure_code or "gateway_error"
        )
        return Settlement(Result.FAILED, order.id, txn)
    _record_paid(txn, outcome, via=via)
    if not is_payable(order.status):
        await keep_surplus(session, order, txn)
        return Settlement(Result.SURPLUS, order.id, txn)
    await credit(session, outbox, order, txn, issued_by="system")
    return Settlement(Result.PAID, order.id, txn)


def _record_paid(txn: PaymentTransaction, outcome: PaymentOutcome, *, via: str) -> None:
    now = utcnow()
    txn.status = TransactionStatus.SUCCEEDED.value
    txn.response_code = outcome.response_code
    txn.provider_status = outcome.provider_status
    txn.provider_transaction_no = outcome.provider_transaction_no
    txn.bank_code = outcome.bank_code
    txn.paid_at = outcome.paid_at or now
    txn.settled_via = via
    txn.failure_code = None
    txn.updated_at = now


async def _fail(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    txn: PaymentTransaction,
    outcome: PaymentOutcome,
    *,
    via: str,
    code: str,
) -> None:
    now = utcnow()
    txn.status = TransactionStatus.FAILED.value
    txn.failure_code = code
    txn.response_code = outcome.response_code
    txn.provider_status = outcome.provider_status
    txn.provider_transaction_no = outcome.provider_transaction_no
    txn.bank_code = outcome.bank_code
    txn.settled_via = via
    txn.updated_at = now
    if order.status in (OrderStatus.CREATED.value, OrderStatus.PENDING.value, OrderStatus.FAILED.value):
        pending = await repository.others_pending(session, order.id, txn.id)
        order.status = status_after_failed_try(other_tries_pending=pending).value
        order.failure_code = code
        order.updated_at = now
        order.version += 1
        await events.failed(session, outbox, order, code=code, provider=txn.provider)


async def credit(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    txn: PaymentTransaction,
    *,
    issued_by: str,
    issued_by_name: str | None = None,
    payer_name: str | None = None,
) -> str:
    """The order is paid by ``txn`` (both locked, the order payable): receipt and event, once."""
    now = utcnow()
    method = events.method_of(txn.provider)
    order.status = OrderStatus.SUCCEEDED.value
    order.paid_amount = txn.amount
    order.method = method.value
    order.paid_at = txn.paid_at or now
    order.failure_code = None
    order.updated_at = now
    order.version += 1
    if payer_name is None:
        dossier = await session.get(Dossier, order.dossier_id)
        payer_name = dossier.applicant_name if dossier else None
    receipt = await receipts.issue(
        session,
        order,
        txn,
        method=method.value,
        issued_by=issued_by,
        issued_by_name=issued_by_name,
        payer_name=payer_name,
    )
    await events.succeeded(session, outbox, order, txn, receipt.number)
    metrics.CREDITED.labels(method.value).inc()
    metrics.CREDITED_VND.labels(method.value).inc(txn.amount)
    log.info("payment_succeeded", payment_id=str(order.id), txn_ref=txn.txn_ref, via=txn.settled_via)
    return receipt.number


async def keep_surplus(session: AsyncSession, order: PaymentOrder, txn: PaymentTransaction) -> None:
    """Money came in for an order already paid or closed: it is not owed, so it goes back."""
    txn.surplus = True
    cause = RefundCause.DUPLICATE_PAYMENT if order.paid_amount > 0 else RefundCause.NOT_OWED
    log.warning("payment_surplus", payment_id=str(order.id), txn_ref=txn.txn_ref, order_status=order.status)
    await refunds.create_surplus_refund(session, order, txn, cause=cause)
