"""Exactly once: an IPN, its retries, the browser return (which asks VNPay) and the reconciliation job,
racing on the same payments across two replicas of the service on one real PostgreSQL, make one
success, one payment.succeeded, one receipt per order — nothing twice, nothing lost."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import func, select

from contracts.events import PAYMENT_SUCCEEDED
from payments.app import create_app
from payments.clock import VN_TZ
from payments.orders.models import PaymentTransaction
from payments.receipts.models import Receipt
from payments.refunds.models import Refund
from servicekit.app import runtime_of
from servicekit.testing.plugin import running_app
from services.payments.tests.service.support import Payments, payments_settings

ORDERS = 8


@pytest.fixture(scope="module")
async def replica(payments: Payments, catalog_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A second payments process on the same database (in-process, its own pool, relay and consumer)."""
    settings = payments_settings(
        payments.database_url, payments.kafka, payments.tokens, catalog_url, payments.vnpay, payments.base_url
    )
    async with running_app(create_app(settings)) as client:
        yield client


async def counts(payments: Payments, payment_id: str) -> tuple[int, int, int, int]:
    pid = uuid.UUID(payment_id)
    async with runtime_of(payments.app).db.transaction() as session:
        succeeded = await session.scalar(
            select(func.count())
            .select_from(PaymentTransaction)
            .where(PaymentTransaction.payment_id == pid, PaymentTransaction.status == "succeeded")
        )
        receipts = await session.scalar(
            select(func.count()).select_from(Receipt).where(Receipt.payment_id == pid)
        )
        refunds = await session.scalar(
            select(func.count()).select_from(Refund).where(Refund.payment_id == pid)
        )
    events = await payments.outbox_count(PAYMENT_SUCCEEDED, payment_id)
    return int(succeeded or 0), int(receipts or 0), events, int(refunds or 0)


async def test_ipn_retries_return_and_reconciliation_racing_credit_each_order_once(
    payments: Payments, replica: httpx.AsyncClient
) -> None:
    # Paid at VNPay with the IPN held back, so that every path starts the race at the same moment.
    await payments.vnpay.set_ipn_fault("drop", count=ORDERS)
    paid: list[tuple[str, str, str]] = []
    for _ in range(ORDERS):
        subject, order = await payments.new_order()
        started = await payments.checkout(order["id"], subject)
        location = await payments.pay_at_vnpay(started["redirect_url"])
        paid.append((order["id"], started["txn_ref"], location))
    for payment_id, _, _ in paid:
        assert (await payments.get(payment_id))["status"] == "pending"

    today = datetime.now(UTC).astimezone(VN_TZ).date().isoformat()
    admin = payments.admin()

    async def browser(location: str, client: httpx.AsyncClient) -> int:
        target = urlsplit(location)
        answer = await client.get(f"{target.path}?{target.query}", headers={"Accept": "application/json"})
        return answer.status_code

    async def reconcile(client: httpx.AsyncClient) -> int:
        answer = await client.post("/v1/payments/reconciliations", json={"date": today}, headers=admin)
        return answer.status_code

    racers = []
    for _, txn_ref, location in paid:
        racers += [
            payments.vnpay.resend_ipn(txn_ref),  # VNPay → replica 1 over HTTP
            payments.vnpay.resend_ipn(txn_ref),  # its retry, at the same time
            browser(location, payments.client),  # the payer's browser, replica 1
            browser(location, replica),  # a reload that a load balancer sent to replica 2
        ]
    racers += [reconcile(replica), reconcile(payments.client)]
    results = await asyncio.gather(*racers)

    for index in range(len(paid)):
        first, retry, page, reload = results[index * 4 : index * 4 + 4]
        assert sorted([first["rsp_code"], retry["rsp_code"]]) in (["00", "02"], ["02", "02"])
        assert page == reload == 200
    assert all(
        code in (200, 201, 409) for code in results[len(paid) * 4 :]
    )  # 409: the other run held the day
    for payment_id, _, _ in paid:
        order = await payments.get(payment_id)
        assert order["status"] == "succeeded" and order["paid_amount"] == order["amount"]
        assert await counts(payments, payment_id) == (1, 1, 1, 0)  # one success, receipt, event; no surplus


async def test_concurrent_duplicate_ipns_from_the_gateway_credit_once(payments: Payments) -> None:
    await payments.vnpay.set_ipn_fault("duplicate", count=1, copies=6)
    subject, order = await payments.new_order()
    started = await payments.checkout(order["id"], subject)
    location = await payments.pay_at_vnpay(started["redirect_url"])
    await payments.come_back(location)
    await payments.wait_status(order["id"], "succeeded")
    txn = await payments.vnpay.wait_for_ipn(started["txn_ref"], count=6)
    assert sorted(a["rsp_code"] for a in txn["ipn_attempts"]).count("00") <= 1
    assert set(a["rsp_code"] for a in txn["ipn_attempts"]) <= {"00", "02"}
    assert await counts(payments, order["id"]) == (1, 1, 1, 0)
