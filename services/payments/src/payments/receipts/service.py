"""Issuing receipts: numbered by the system per agency and year, one per paid order."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.clock import local_date
from payments.orders.models import PaymentOrder, PaymentTransaction
from payments.receipts.models import Receipt, ReceiptSequence


async def next_number(session: AsyncSession, *, agency_code: str, year: int) -> str:
    """``<agency>-BL<year>-<6 digits>``; the counter row is locked until the transaction ends."""
    statement = (
        pg_insert(ReceiptSequence)
        .values(agency_code=agency_code, year=year, last=1)
        .on_conflict_do_update(
            index_elements=["agency_code", "year"],
            set_={"last": ReceiptSequence.last + 1},
        )
        .returning(ReceiptSequence.last)
    )
    last = (await session.execute(statement)).scalar_one()
    return f"{agency_code}-BL{year}-{last:06d}"


async def issue(
    session: AsyncSession,
    order: PaymentOrder,
    txn: PaymentTransaction,
    *,
    method: str,
    issued_by: str,
    issued_by_name: str | None = None,
    payer_name: str | None = None,
) -> Receipt:
    issued_at = txn.paid_at or txn.updated_at
    number = await next_number(session, agency_code=order.agency_code, year=local_date(issued_at).year)
    receipt = Receipt(
        number=number,
        payment_id=order.id,
        transaction_id=txn.id,
        agency_code=order.agency_code,
        dossier_code=order.dossier_code,
        amount=txn.amount,
        method=method,
        fee_lines=order.fee_lines,
        payer_name=payer_name,
        issued_by=issued_by,
        issued_by_name=issued_by_name,
        issued_at=issued_at,
    )
    session.add(receipt)
    await session.flush()
    return receipt
