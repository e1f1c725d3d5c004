"""Importing a bank statement: each credit whose description carries a payment reference pays that
order, once — a line already imported (same account and bank reference) changes nothing, and a credit
of another amount is recorded as a mismatch without crediting anything."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.banktransfer.errors import AccountNotFound, StatementAccountMismatch, StatementInvalid
from payments.banktransfer.models import AgencyAccount, BankStatement, StatementLine
from payments.banktransfer.statement import Line, StatementUnreadable, parse
from payments.clock import VN_TZ, utcnow
from payments.orders import repository, settlement
from payments.orders.models import PaymentTransaction, Provider, TransactionStatus
from payments.orders.rules import is_payable, references_in
from servicekit.db import uuid7
from servicekit.errors import FieldError
from servicekit.outbox import Outbox, advisory_key

log = structlog.get_logger("payments.banktransfer")
PROVIDER = Provider.BANK_TRANSFER.value
CREDITED = ("matched", "order_closed", "amount_mismatch")


@dataclass(frozen=True)
class LineResult:
    outcome: str
    payment_id: uuid.UUID | None = None
    reference: str | None = None


async def import_statement(
    session: AsyncSession,
    outbox: Outbox,
    *,
    agency_code: str,
    content: bytes,
    file_name: str | None,
    actor: str,
) -> BankStatement:
    account = await session.get(AgencyAccount, agency_code)
    if account is None:
        raise AccountNotFound(agency_code=agency_code)
    try:
        parsed = parse(content)
    except StatementUnreadable as exc:
        errors = [FieldError(f"line {p.line}", p.code, p.message) for p in exc.problems]
        raise StatementInvalid(errors=errors) from None
    if parsed.account_number and parsed.account_number != account.account_number:
        raise StatementAccountMismatch(found=parsed.account_number, expected=account.account_number)
    # Imports of one account are serialised: the same line in two files at once is still one credit.
    await session.execute(
        select(func.pg_advisory_xact_lock(advisory_key(f"statement:{account.account_number}")))
    )
    statement = BankStatement(
        id=uuid7(),
        agency_code=agency_code,
        account_number=account.account_number,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        lines=len(parsed.lines),
        imported_by=actor,
        imported_at=utcnow(),
    )
    session.add(statement)
    await session.flush()
    matched = 0
    for line in parsed.lines:
        result = await _apply(session, outbox, account.account_number, line, actor=actor)
        matched += result.outcome == "matched"
        session.add(
            StatementLine(
                statement_id=statement.id,
                line_number=line.number,
                account_number=account.account_number,
                bank_reference=line.reference,
                booked_on=line.booked_on,
                credit=line.credit,
                debit=line.debit,
                description=line.description,
                outcome=result.outcome,
                payment_reference=result.reference,
                payment_id=result.payment_id,
            )
        )
    statement.matched = matched
    await session.flush()
    log.info("statement_imported", agency=agency_code, lines=len(parsed.lines), matched=matched)
    return statement


async def _apply(
    session: AsyncSession, outbox: Outbox, account_number: str, line: Line, *, actor: str
) -> LineResult:
    if line.credit <= 0:
        return LineResult("debit")
    txn_ref = f"{account_number}:{line.reference}"
    if await repository.transaction(session, provider=PROVIDER, txn_ref=txn_ref) is not None:
        return LineResult("duplicate")
    references = list(dict.fromkeys(references_in(line.description)))
    if not references:
        return LineResult("no_reference")
    order = None
    reference = None
    for candidate in references:
        order = await repository.by_reference(session, candidate)
        if order is not None:
            reference = candidate
            break
    if order is None:
        return LineResult("unknown_reference", reference=references[0])
    order = await repository.get(session, order.id, lock=True)
    assert order is not None
    now = utcnow()
    # Booked on the statement's date (at this time of day in Vietnam), never in the future.
    booked = datetime.combine(line.booked_on, now.astimezone(VN_TZ).timetz())
    txn = PaymentTransaction(
        id=uuid7(),
        payment_id=order.id,
        provider=PROVIDER,
        txn_ref=txn_ref,
        amount=line.credit,
        status=TransactionStatus.SUCCEEDED.value,
        provider_transaction_no=line.reference,
        settled_via="statement",
        paid_at=min(booked, now),
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(txn)
    await session.flush()
    if line.credit != order.amount:
        # Money arrived, but not what is due: nothing is credited; an officer settles it by hand.
        txn.status = TransactionStatus.FAILED.value
        txn.failure_code = "amount_mismatch"
        log.warning(
            "statement_amount_mismatch", payment_id=str(order.id), credit=line.credit, due=order.amount
        )
        return LineResult("amount_mismatch", order.id, reference)
    if not is_payable(order.status):
        await settlement.keep_surplus(session, order, txn)
        return LineResult("order_closed", order.id, reference)
    await settlement.credit(session, outbox, order, txn, issued_by=actor)
    return LineResult("matched", order.id, reference)
