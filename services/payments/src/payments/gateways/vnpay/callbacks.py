"""VNPay's callbacks: the IPN (server to server, the only thing that confirms a payment by itself) and
the browser return (which only displays: it asks VNPay directly before showing anything as paid).

IPN answers (R-FMT-6), checked in VNPay's order: 97 bad checksum, 01 order not found, 04 amount not
the one due, 02 already confirmed, 00 recorded (paid or failed), 99 anything else. Every call, accepted
or not, is logged in ``gateway_callback``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments import metrics
from payments.gateways.base import GatewayUnavailable, Verdict
from payments.gateways.models import GatewayCallback
from payments.gateways.vnpay.adapter import VnpayAdapter
from payments.orders import repository, settlement
from payments.orders.models import PaymentOrder, PaymentTransaction, Provider, TransactionStatus
from payments.orders.settlement import Result
from payments.receipts.models import Receipt
from servicekit.db import Database
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.vnpay.callbacks")

IPN_MESSAGES = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "Invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",
}
RESULT_ANSWERS = {
    Result.NOT_FOUND: "01",
    Result.AMOUNT_MISMATCH: "04",
    Result.ALREADY_SETTLED: "02",
    Result.PAID: "00",
    Result.SURPLUS: "00",
    Result.FAILED: "00",
    Result.STILL_PENDING: "00",
}
PROVIDER = Provider.VNPAY.value


def _log_row(
    kind: str, params: Mapping[str, str], *, signed: bool, answer: str, outcome: str, remote: str | None
) -> GatewayCallback:
    return GatewayCallback(
        provider=PROVIDER,
        kind=kind,
        txn_ref=(params.get("vnp_TxnRef") or None),
        remote_addr=remote,
        params=dict(params),
        signature_valid=signed,
        answer=answer,
        outcome=outcome[:2000],
    )


async def ipn(
    db: Database, outbox: Outbox, vnpay: VnpayAdapter, params: Mapping[str, str], *, remote: str | None
) -> dict[str, str]:
    """Handle one IPN call; returns VNPay's expected ``{"RspCode", "Message"}``. Never raises."""
    try:
        async with db.transaction() as session:
            code, outcome = await _ipn(session, outbox, vnpay, params)
            session.add(
                _log_row("ipn", params, signed=code != "97", answer=code, outcome=outcome, remote=remote)
            )
    except Exception as exc:
        log.exception("ipn_error", txn_ref=params.get("vnp_TxnRef"))
        code = "99"
        async with db.transaction() as session:
            signed = vnpay.is_signed(params)
            session.add(_log_row("ipn", params, signed=signed, answer=code, outcome=repr(exc), remote=remote))
    log.info("ipn_answered", txn_ref=params.get("vnp_TxnRef"), rsp_code=code, remote=remote)
    metrics.GATEWAY_CALLBACKS.labels(PROVIDER, "ipn", code).inc()
    return {"RspCode": code, "Message": IPN_MESSAGES[code]}


async def _ipn(
    session: AsyncSession, outbox: Outbox, vnpay: VnpayAdapter, params: Mapping[str, str]
) -> tuple[str, str]:
    if not vnpay.is_signed(params):
        log.warning("ipn_bad_signature", txn_ref=params.get("vnp_TxnRef"))
        return "97", "checksum does not match: forged or altered, nothing done"
    if params.get("vnp_TmnCode") != vnpay.config.tmn_code:
        return "01", "another merchant's payment"
    outcome = vnpay.outcome(params)
    if outcome.amount is None:
        return "04", f"vnp_Amount {params.get('vnp_Amount')!r} is not an amount in VND × 100"
    result = await settlement.settle(session, outbox, provider=PROVIDER, outcome=outcome, via="ipn")
    return RESULT_ANSWERS[result.result], f"{result.result.value}: {outcome.verdict.value}"


@dataclass(frozen=True)
class ReturnView:
    """What the browser return shows: nothing here is decided from the browser's own parameters."""

    signed: bool
    order: PaymentOrder | None
    transaction: PaymentTransaction | None
    receipt_number: str | None = None
    gateway_unavailable: bool = False


async def browser_return(
    db: Database, outbox: Outbox, vnpay: VnpayAdapter, params: Mapping[str, str], *, remote: str | None
) -> ReturnView:
    signed = vnpay.is_signed(params)
    txn_ref = params.get("vnp_TxnRef", "")
    unavailable = False
    if signed and txn_ref:
        async with db.transaction() as session:
            txn = await repository.transaction(session, provider=PROVIDER, txn_ref=txn_ref)
        if txn is not None and txn.status == TransactionStatus.PENDING.value and txn.provider_create_date:
            # Ask VNPay itself (server to server), then settle from its answer like any other report.
            try:
                outcome = await vnpay.query(txn_ref=txn_ref, create_date=txn.provider_create_date)
            except GatewayUnavailable as exc:
                log.warning("return_query_failed", txn_ref=txn_ref, error=str(exc))
                unavailable = True
            else:
                if outcome.verdict is not Verdict.PENDING:
                    async with db.transaction() as session:
                        await settlement.settle(
                            session, outbox, provider=PROVIDER, outcome=outcome, via="return"
                        )
    async with db.transaction() as session:
        txn = await repository.transaction(session, provider=PROVIDER, txn_ref=txn_ref) if signed else None
        order = await repository.get(session, txn.payment_id) if txn else None
        receipt = None
        if order is not None:
            receipt = (
                await session.scalars(select(Receipt.number).where(Receipt.payment_id == order.id))
            ).first()
        shown = txn.status if txn else ("unknown" if signed else "unverified")
        session.add(_log_row("return", params, signed=signed, answer="", outcome=shown, remote=remote))
    metrics.GATEWAY_CALLBACKS.labels(PROVIDER, "return", shown).inc()
    return ReturnView(signed, order, txn, receipt, unavailable)
