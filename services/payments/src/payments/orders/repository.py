"""Queries of payment orders and transactions. Row locks are always taken order first, then its
transactions, so concurrent settlements of one order never deadlock."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.orders.models import OPEN_STATUSES, PaymentOrder, PaymentTransaction, TransactionStatus
from payments.paging import after_id
from servicekit.http import encode_cursor


async def get(session: AsyncSession, payment_id: uuid.UUID, *, lock: bool = False) -> PaymentOrder | None:
    statement = select(PaymentOrder).where(PaymentOrder.id == payment_id)
    if lock:
        statement = statement.with_for_update()
    order: PaymentOrder | None = (
        await session.scalars(statement.execution_options(populate_existing=True))
    ).first()
    return order


async def order_of_transaction(
    session: AsyncSession, *, provider: str, txn_ref: str, lock: bool = False
) -> PaymentOrder | None:
    """The order a transaction belongs to, found (and locked) in one statement."""
    paid_by = select(PaymentTransaction.payment_id).where(
        PaymentTransaction.provider == provider, PaymentTransaction.txn_ref == txn_ref
    )
    statement = select(PaymentOrder).where(PaymentOrder.id == paid_by.scalar_subquery())
    if lock:
        statement = statement.with_for_update()
    order: PaymentOrder | None = (
        await session.scalars(statement.execution_options(populate_existing=True))
    ).first()
    return order


async def open_for_dossier(session: AsyncSession, dossier_id: uuid.UUID) -> PaymentOrder | None:
    statement = select(PaymentOrder).where(
        PaymentOrder.dossier_id == dossier_id, PaymentOrder.status.in_(OPEN_STATUSES)
    )
    order: PaymentOrder | None = (await session.scalars(statement)).first()
    return order


async def for_dossier(session: AsyncSession, dossier_id: uuid.UUID) -> list[PaymentOrder]:
    statement = select(PaymentOrder).where(PaymentOrder.dossier_id == dossier_id).order_by(PaymentOrder.id)
    return list((await session.scalars(statement)).all())


async def by_reference(session: AsyncSession, reference: str) -> PaymentOrder | None:
    statement = select(PaymentOrder).where(PaymentOrder.payment_reference == reference)
    order: PaymentOrder | None = (await session.scalars(statement)).first()
    return order


async def transaction(
    session: AsyncSession, *, provider: str, txn_ref: str, lock: bool = False
) -> PaymentTransaction | None:
    statement = select(PaymentTransaction).where(
        PaymentTransaction.provider == provider, PaymentTransaction.txn_ref == txn_ref
    )
    if lock:
        statement = statement.with_for_update()
    txn: PaymentTransaction | None = (
        await session.scalars(statement.execution_options(populate_existing=True))
    ).first()
    return txn


async def transactions(session: AsyncSession, payment_id: uuid.UUID) -> list[PaymentTransaction]:
    statement = (
        select(PaymentTransaction)
        .where(PaymentTransaction.payment_id == payment_id)
        .order_by(PaymentTransaction.created_at, PaymentTransaction.id)
        .execution_options(populate_existing=True)
    )
    return list((await session.scalars(statement)).all())


async def others_pending(session: AsyncSession, payment_id: uuid.UUID, except_id: uuid.UUID) -> bool:
    statement = select(PaymentTransaction.id).where(
        PaymentTransaction.payment_id == payment_id,
        PaymentTransaction.status == TransactionStatus.PENDING.value,
        PaymentTransaction.id != except_id,
    )
    return (await session.scalars(statement.limit(1))).first() is not None


@dataclass(frozen=True)
class OrderFilters:
    applicant_subject: str | None = None
    agency_codes: Sequence[str] | None = None
    dossier_id: uuid.UUID | None = None
    status: str | None = None


async def page(
    session: AsyncSession, filters: OrderFilters, *, limit: int, cursor: str | None
) -> tuple[list[PaymentOrder], str | None]:
    """Newest first (ids are UUIDv7, so id order is creation order)."""
    statement = select(PaymentOrder)
    if filters.applicant_subject is not None:
        statement = statement.where(PaymentOrder.applicant_subject == filters.applicant_subject)
    if filters.agency_codes is not None:
        statement = statement.where(PaymentOrder.agency_code.in_(list(filters.agency_codes)))
    if filters.dossier_id is not None:
        statement = statement.where(PaymentOrder.dossier_id == filters.dossier_id)
    if filters.status is not None:
        statement = statement.where(PaymentOrder.status == filters.status)
    after = after_id(cursor)
    if after is not None:
        statement = statement.where(PaymentOrder.id < after)
    rows: list[PaymentOrder] = list(
        (await session.scalars(statement.order_by(PaymentOrder.id.desc()).limit(limit + 1))).all()
    )
    items = rows[:limit]
    next_cursor = encode_cursor([items[-1].id]) if len(rows) > limit and items else None
    return items, next_cursor
