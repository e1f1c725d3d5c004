"""The housekeeper: orders not paid in time expire (payment.failed), tries VNPay never reported are
asked about and settled or expired, and orders the catalogue could not quote at first are issued once
it answers again."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from contracts.events import PAYMENT_FAILED, PAYMENT_SUCCEEDED
from payments.orders.expiry import Housekeeper
from payments.orders.models import PaymentOrder, PaymentTransaction
from servicekit.app import runtime_of
from servicekit.db import utcnow
from services.payments.tests.service.support import LLTP_ONLINE, Payments


def housekeeper(payments: Payments) -> Housekeeper:
    runtime = runtime_of(payments.app)
    return Housekeeper(runtime.db, runtime.outbox, payments.app.state.payments, poll_seconds=60)


async def backdate(payments: Payments, model: Any, row_id: str, **values: Any) -> None:
    async with runtime_of(payments.app).db.transaction() as session:
        await session.execute(update(model).where(model.id == uuid.UUID(row_id)).values(**values))


async def test_an_order_not_paid_in_time_expires_and_the_applicant_is_told(payments: Payments) -> None:
    subject, order = await payments.new_order()
    await backdate(payments, PaymentOrder, order["id"], expires_at=utcnow() - timedelta(minutes=1))
    late = await payments.client.post(
        f"/v1/payments/{order['id']}/checkout", json={}, headers=payments.citizen(subject)
    )
    assert late.status_code == 409 and "expired" in late.json()["detail"]
    await housekeeper(payments).run_once()
    expired = await payments.get(order["id"], subject)
    assert expired["status"] == "expired" and expired["failure_code"] == "expired"
    assert expired["failure_reason"] == "Quá hạn nộp phí, lệ phí"
    assert await payments.outbox_count(PAYMENT_FAILED, order["id"]) == 1
    await housekeeper(payments).run_once()
    assert await payments.outbox_count(PAYMENT_FAILED, order["id"]) == 1  # once


async def test_an_abandoned_try_is_asked_about_then_expired(payments: Payments) -> None:
    subject, order = await payments.new_order()
    started = await payments.checkout(order["id"], subject)
    async with httpx.AsyncClient(trust_env=False) as browser:
        assert (await browser.get(started["redirect_url"])).status_code == 200  # opened, then abandoned
    await backdate(
        payments, PaymentTransaction, started["transaction_id"], expires_at=utcnow() - timedelta(minutes=6)
    )
    result = await housekeeper(payments).run_once()
    assert result["tries_closed"] == 1
    failed = await payments.get(order["id"], subject)
    assert failed["status"] == "failed" and failed["failure_code"] == "attempt_expired"
    assert failed["transactions"][0]["status"] == "expired"


async def test_a_try_paid_without_any_ipn_is_credited_when_the_housekeeper_asks(payments: Payments) -> None:
    subject, order = await payments.new_order()
    await payments.vnpay.set_ipn_fault("drop", count=1)
    started = await payments.checkout(order["id"], subject)
    await payments.pay_at_vnpay(started["redirect_url"])
    await backdate(
        payments, PaymentTransaction, started["transaction_id"], expires_at=utcnow() - timedelta(minutes=6)
    )
    await housekeeper(payments).run_once()
    paid = await payments.get(order["id"], subject)
    assert paid["status"] == "succeeded" and paid["transactions"][0]["settled_via"] == "expiry"
    assert (
        paid["paid_amount"] == LLTP_ONLINE
        and await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1
    )


async def test_money_for_an_order_already_closed_is_kept_as_surplus_and_refunded(payments: Payments) -> None:
    subject, order = await payments.new_order()
    await payments.vnpay.set_ipn_fault("drop", count=1)
    started = await payments.checkout(order["id"], subject)
    await payments.pay_at_vnpay(started["redirect_url"])
    cancelled = await payments.client.post(
        f"/v1/payments/{order['id']}/cancellation",
        json={"reason": "Hồ sơ nhập trùng"},
        headers=payments.officer("agency_leader"),
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    answer = await payments.vnpay.resend_ipn(started["txn_ref"])  # the IPN arrives late
    assert answer["rsp_code"] == "00"
    kept = await payments.get(order["id"], subject)
    assert kept["status"] == "cancelled" and kept["paid_amount"] == 0
    assert kept["transactions"][0]["surplus"] is True
    refunded = await payments.client.get(
        "/v1/refunds", params={"payment_id": order["id"]}, headers=payments.admin()
    )
    [refund] = refunded.json()["items"]
    assert refund["cause"] == "not_owed" and refund["amount"] == LLTP_ONLINE
    at_vnpay = await payments.vnpay.wait_for_ipn(started["txn_ref"])
    assert at_vnpay["status"] == "success"
