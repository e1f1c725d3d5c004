"""Refunds: asked for (by hand, or by the dossier events of R-PAY-4), guarded by what is still
refundable, then sent through the gateway by the dispatcher or paid out by an officer.

The order's ``refund_reserved`` counts every refund not failed, so two refunds asked at once can never
give back more than was paid: both lock the order row, the second sees the first's reservation.
Refunds of surplus money (paid twice, or after the order closed) leave the order's figures alone.
"""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments import metrics
from payments.clock import utcnow
from payments.orders import events
from payments.orders.models import PaymentOrder, PaymentTransaction, TransactionStatus
from payments.orders.rules import REFUNDABLE, status_after_refund
from payments.refunds import rules
from payments.refunds.errors import (
    NotAwaitingPayout,
    NotRefundable,
    RefundExceedsAvailable,
    RefundNotFound,
    ResultProduced,
)
from payments.refunds.models import Refund, RefundCause, RefundStatus
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.refunds")


async def paying_transaction(session: AsyncSession, order: PaymentOrder) -> PaymentTransaction:
    """The transaction that paid the order (not a surplus one)."""
    statement = select(PaymentTransaction).where(
        PaymentTransaction.payment_id == order.id,
        PaymentTransaction.status == TransactionStatus.SUCCEEDED.value,
        PaymentTransaction.surplus.is_(False),
    )
    txn = (await session.scalars(statement)).first()
    if txn is None:
        raise NotRefundable(status=order.status)
    return txn


async def create_refund(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    *,
    amount: int,
    cause: RefundCause,
    reason: str,
    actor: str,
    result_produced: bool,
    source_event_id: uuid.UUID | None = None,
) -> Refund:
    """A refund of ``amount`` VND of a paid order; ``order`` must be locked by the caller."""
    if order.status not in REFUNDABLE:
        raise NotRefundable(status=order.status)
    if not rules.refund_allowed(cause, result_produced=result_produced):
        raise ResultProduced()
    if amount > order.refundable:
        raise RefundExceedsAvailable(available=order.refundable, amount=amount)
    txn = await paying_transaction(session, order)
    status = rules.initial_status(txn.provider)
    refund = Refund(
        payment_id=order.id,
        transaction_id=txn.id,
        amount=amount,
        cause=cause.value,
        reason=reason,
        source_event_id=source_event_id,
        method=events.method_of(txn.provider).value,
        status=status.value,
        requested_by=actor,
        next_attempt_at=utcnow() if status is RefundStatus.PENDING else None,
    )
    session.add(refund)
    order.refund_reserved += amount
    order.updated_at = utcnow()
    order.version += 1
    await session.flush()
    log.info("refund_created", payment_id=str(order.id), refund_id=str(refund.id), amount=amount, cause=cause)
    return refund


async def create_surplus_refund(
    session: AsyncSession, order: PaymentOrder, txn: PaymentTransaction, *, cause: RefundCause
) -> Refund:
    status = rules.initial_status(txn.provider)
    refund = Refund(
        payment_id=order.id,
        transaction_id=txn.id,
        amount=txn.amount,
        cause=cause.value,
        reason=rules.REASONS[cause].render("vi"),
        method=events.method_of(txn.provider).value,
        status=status.value,
        requested_by="system",
        next_attempt_at=utcnow() if status is RefundStatus.PENDING else None,
    )
    session.add(refund)
    await session.flush()
    return refund


async def get(session: AsyncSession, refund_id: uuid.UUID, *, lock: bool = False) -> Refund:
    statement = select(Refund).where(Refund.id == refund_id).execution_options(populate_existing=True)
    if lock:
        statement = statement.with_for_update()
    refund = (await session.scalars(statement)).first()
    if refund is None:
        raise RefundNotFound()
    return refund


async def for_payment(session: AsyncSession, payment_id: uuid.UUID) -> list[Refund]:
    statement = select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.created_at, Refund.id)
    return list((await session.scalars(statement)).all())


async def succeed(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    refund: Refund,
    *,
    provider: str,
    reference: str | None,
    actor: str | None = None,
) -> None:
    """The money went back (order and refund locked): figures, status and ``payment.refunded``."""
    now = utcnow()
    refund.status = RefundStatus.SUCCEEDED.value
    refund.provider_reference = reference
    refund.completed_at = now
    refund.completed_by = actor
    refund.updated_at = now
    refund.next_attempt_at = None
    if RefundCause(refund.cause) not in rules.SURPLUS_CAUSES:
        order.refunded_amount += refund.amount
        order.status = status_after_refund(paid=order.paid_amount, refunded=order.refunded_amount).value
        order.updated_at = now
        order.version += 1
    await events.refunded(
        session,
        outbox,
        order,
        refund_id=refund.id,
        amount=refund.amount,
        reason=refund.reason,
        provider=provider,
        fully=order.refunded_amount >= order.paid_amount > 0,
    )
    log.info("refund_succeeded", refund_id=str(refund.id), amount=refund.amount)
    metrics.REFUNDS.labels(refund.method, "succeeded").inc()


def fail(order: PaymentOrder, refund: Refund, *, error: str) -> None:
    """The gateway refused for good: the amount is refundable again (order and refund locked)."""
    now = utcnow()
    refund.status = RefundStatus.FAILED.value
    refund.last_error = error
    refund.updated_at = now
    refund.next_attempt_at = None
    if RefundCause(refund.cause) not in rules.SURPLUS_CAUSES:
        order.refund_reserved -= refund.amount
        order.updated_at = now
        order.version += 1
    log.warning("refund_failed", refund_id=str(refund.id), error=error)
    metrics.REFUNDS.labels(refund.method, "failed").inc()


async def record_payout(
    session: AsyncSession, outbox: Outbox, order: PaymentOrder, refund: Refund, *, actor: str, reference: str
) -> None:
    """An officer paid a transfer's or cash refund back by hand."""
    if refund.status != RefundStatus.AWAITING_PAYOUT.value:
        raise NotAwaitingPayout(status=refund.status)
    provider = "bank_transfer" if refund.method == "bank_transfer" else "desk"
    await succeed(session, outbox, order, refund, provider=provider, reference=reference, actor=actor)
