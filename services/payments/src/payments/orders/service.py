"""Use cases of payment orders: issue (from dossier.received or on request), start a payment at the
gateway, re-quote with exemptions, cancel, record cash at the desk, expire."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from payments.clock import utcnow
from payments.dossiers import service as dossiers
from payments.dossiers.models import Dossier
from payments.fees.catalog import CatalogFees, Quote
from payments.gateways.base import OnlineGateway
from payments.orders import events, repository, settlement
from payments.orders.errors import (
    DossierClosed,
    DossierUnknown,
    NothingToPay,
    NotPayable,
    PaymentAlreadyOpen,
    WrongCashAmount,
)
from payments.orders.models import OrderStatus, PaymentOrder, PaymentTransaction, Provider, TransactionStatus
from payments.orders.rules import is_payable, new_reference, order_info
from servicekit.db import uuid7
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.orders")


def describe(dossier_code: str | None, quote: Quote) -> str:
    names = ", ".join(line.name for line in quote.lines if line.amount > 0) or "phí, lệ phí"
    return f"Nộp {names} cho hồ sơ {dossier_code}" if dossier_code else f"Nộp {names}"


async def issue(
    session: AsyncSession,
    outbox: Outbox,
    fees: CatalogFees,
    dossier: Dossier,
    *,
    payment_due: str,
    channel: str,
    actor: str,
    ttl_days: int,
    exemptions: Sequence[str] = (),
    quantities: Mapping[str, int] | None = None,
) -> PaymentOrder:
    """A new order for a dossier (its row locked by the caller), quoted by the catalogue."""
    if dossier.status in dossiers.CLOSED:
        raise DossierClosed(status=dossier.status)
    existing = await repository.open_for_dossier(session, dossier.id)
    if existing is not None:
        raise PaymentAlreadyOpen(payment_id=existing.id)
    quote = await fees.quote(
        dossier.procedure_code,
        dossier.procedure_version,
        channel=channel,
        exemptions=exemptions,
        quantities=quantities,
    )
    now = utcnow()
    order = PaymentOrder(
        id=uuid7(),
        dossier_id=dossier.id,
        dossier_code=dossier.code,
        agency_code=dossier.agency_code,
        procedure_code=dossier.procedure_code,
        procedure_version=dossier.procedure_version,
        applicant_subject=dossier.applicant_subject,
        payment_due=payment_due,
        channel=channel,
        amount=quote.total,
        fee_lines=[line.to_json() for line in quote.lines],
        exemptions=list(exemptions),
        quantities=dict(quantities or {}),
        description=describe(dossier.code, quote),
        payment_reference=new_reference(),
        status=OrderStatus.CREATED.value if quote.total > 0 else OrderStatus.WAIVED.value,
        expires_at=now + timedelta(days=ttl_days),
        created_by=actor,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(order)
    await session.flush()
    dossier.order_pending = False
    dossier.order_error = None
    if quote.total > 0:
        await events.requested(session, outbox, order)
    else:
        await events.waived(session, outbox, order)
    log.info("payment_issued", payment_id=str(order.id), dossier_id=str(dossier.id), amount=quote.total)
    return order


async def issue_for_dossier(
    session: AsyncSession,
    outbox: Outbox,
    fees: CatalogFees,
    dossier_id: uuid.UUID,
    *,
    channel: str,
    actor: str,
    ttl_days: int,
    exemptions: Sequence[str] = (),
    quantities: Mapping[str, int] | None = None,
) -> PaymentOrder:
    dossier = await dossiers.get(session, dossier_id, lock=True)
    if dossier is None:
        raise DossierUnknown()
    return await issue(
        session,
        outbox,
        fees,
        dossier,
        payment_due=dossier.payment_due,
        channel=channel,
        actor=actor,
        ttl_days=ttl_days,
        exemptions=exemptions,
        quantities=quantities,
    )


def ensure_payable(order: PaymentOrder) -> None:
    if not is_payable(order.status):
        raise NotPayable(status=order.status)
    if order.expires_at <= utcnow():
        raise NotPayable(status=OrderStatus.EXPIRED.value)


async def checkout(
    session: AsyncSession,
    order: PaymentOrder,
    gateway: OnlineGateway,
    *,
    client_ip: str,
    locale: str,
    bank_code: str | None,
    actor: str,
) -> PaymentTransaction:
    """A new try at the gateway (order locked by the caller): the signed URL to send the payer to."""
    ensure_payable(order)
    txn_id = uuid7()
    txn_ref = txn_id.hex
    started = gateway.checkout(
        txn_ref=txn_ref,
        amount=order.amount,
        order_info=order_info(order.dossier_code, order.payment_reference),
        client_ip=client_ip,
        locale=locale,
        bank_code=bank_code,
    )
    now = utcnow()
    txn = PaymentTransaction(
        id=txn_id,
        payment_id=order.id,
        provider=gateway.name,
        txn_ref=txn_ref,
        amount=order.amount,
        status=TransactionStatus.PENDING.value,
        provider_create_date=started.create_date,
        redirect_url=started.url,
        client_ip=client_ip,
        expires_at=started.expires_at,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(txn)
    order.status = OrderStatus.PENDING.value
    order.failure_code = None
    order.updated_at = now
    order.version += 1
    await session.flush()
    return txn


async def requote(
    session: AsyncSession,
    outbox: Outbox,
    fees: CatalogFees,
    order: PaymentOrder,
    *,
    exemptions: Sequence[str],
    quantities: Mapping[str, int],
) -> PaymentOrder:
    """Exemptions by subject category, checked by an officer (order locked): a new amount, announced."""
    if order.status not in (OrderStatus.CREATED.value, OrderStatus.FAILED.value):
        raise NotPayable(status=order.status)
    quote = await fees.quote(
        order.procedure_code,
        order.procedure_version,
        channel=order.channel,
        exemptions=exemptions,
        quantities=quantities,
    )
    now = utcnow()
    order.amount = quote.total
    order.fee_lines = [line.to_json() for line in quote.lines]
    order.exemptions = list(exemptions)
    order.quantities = dict(quantities)
    order.description = describe(order.dossier_code, quote)
    order.updated_at = now
    order.version += 1
    if quote.total == 0:
        order.status = OrderStatus.WAIVED.value
        await events.waived(session, outbox, order)
    else:
        order.status = OrderStatus.CREATED.value
        await events.requested(session, outbox, order)
    return order


async def cancel(session: AsyncSession, outbox: Outbox, order: PaymentOrder, *, code: str) -> bool:
    """Close an unpaid order (locked); False when it was not open. Late money becomes surplus."""
    if not is_payable(order.status):
        return False
    order.status = OrderStatus.CANCELLED.value
    order.failure_code = code
    order.updated_at = utcnow()
    order.version += 1
    await events.failed(session, outbox, order, code=code)
    return True


async def record_cash(
    session: AsyncSession,
    outbox: Outbox,
    order: PaymentOrder,
    *,
    amount: int,
    payer_name: str | None,
    actor: str,
    actor_name: str | None = None,
) -> PaymentTransaction:
    """Cash counted at the desk by a reception officer (order locked): paid, with a receipt."""
    ensure_payable(order)
    if amount != order.amount:
        raise WrongCashAmount(received=amount, due=order.amount)
    if order.amount == 0:
        raise NothingToPay()
    now = utcnow()
    txn_id = uuid7()
    txn = PaymentTransaction(
        id=txn_id,
        payment_id=order.id,
        provider=Provider.DESK.value,
        txn_ref=f"TM{txn_id.hex[:20].upper()}",
        amount=amount,
        status=TransactionStatus.SUCCEEDED.value,
        settled_via="desk",
        paid_at=now,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(txn)
    await session.flush()
    await settlement.credit(
        session, outbox, order, txn, issued_by=actor, issued_by_name=actor_name, payer_name=payer_name
    )
    return txn
