"""Paying online through VNPay 2.1.0 (R-FMT-6), with the simulator over real HTTP: signed redirect,
payment page, a browser return that only displays, an IPN that confirms; and every bad IPN refused
with the right RspCode, nothing credited, every attempt logged."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

from sqlalchemy import select

from contracts.events import (
    AGENCY_UPDATED,
    DOSSIER_SUBMITTED,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    PAYMENT_TOPIC,
    AgencyUpdated,
    DossierSubmitted,
)
from contracts.lifecycle import ApplicantKind, Channel
from payments.gateways.models import GatewayCallback
from servicekit.app import runtime_of
from servicekit.db import utcnow
from servicekit.documents.testing import pdf_text
from servicekit.testing import eventually
from servicekit.testing.kafka import collect
from services.payments.tests.service.support import LLTP_AGENCY, LLTP_ONLINE, Payments


def sign(secret: str, params: dict[str, str]) -> str:
    """The published rule, written out independently of the service's code."""
    data = "&".join(
        f"{quote_plus(k)}={quote_plus(v)}"
        for k, v in sorted(params.items())
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v
    )
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


async def ipn(payments: Payments, params: dict[str, str]) -> dict[str, str]:
    response = await payments.client.get("/v1/payment-gateways/vnpay/ipn", params=params)
    assert response.status_code == 200
    body: dict[str, str] = response.json()
    return body


async def callbacks(payments: Payments, txn_ref: str) -> list[GatewayCallback]:
    async with runtime_of(payments.app).db.transaction() as session:
        rows = await session.scalars(
            select(GatewayCallback).where(GatewayCallback.txn_ref == txn_ref).order_by(GatewayCallback.id)
        )
        return list(rows.all())


async def test_r_fmt_6_the_citizen_pays_through_the_gateway_and_the_ipn_confirms_it(
    payments: Payments,
) -> None:
    subject, order = await payments.new_order()
    started = await payments.checkout(order["id"], subject)
    url = urlsplit(started["redirect_url"])
    query = dict(parse_qsl(url.query))
    assert query["vnp_Amount"] == str(LLTP_ONLINE * 100) and query["vnp_TxnRef"] == started["txn_ref"]
    assert query["vnp_ReturnUrl"] == payments.base_url + "/v1/payment-gateways/vnpay/return"
    assert query["vnp_SecureHash"] == sign(payments.vnpay.hash_secret, query)
    assert (await payments.get(order["id"], subject))["status"] == "pending"

    location = await payments.pay_at_vnpay(started["redirect_url"])
    paid = await payments.wait_status(order["id"], "succeeded")
    assert paid["paid_amount"] == LLTP_ONLINE and paid["method"] == "online_gateway"
    assert (
        paid["receipt"]["number"].startswith(f"{LLTP_AGENCY}-BL") and paid["receipt"]["amount"] == LLTP_ONLINE
    )
    [txn] = paid["transactions"]
    assert txn["status"] == "succeeded" and txn["settled_via"] in ("ipn", "return")
    assert txn["provider_transaction_no"] and txn["bank_code"] == "NCB"

    shown = await payments.come_back(location)
    assert shown.status_code == 200 and shown.json()["outcome"] == "succeeded"
    assert shown.json()["receipt_number"] == paid["receipt"]["number"]
    page = await payments.come_back(location, json=False)
    assert "Thanh toán thành công" in page.text and paid["receipt"]["number"] in page.text

    events = await collect(
        payments.kafka,
        PAYMENT_TOPIC,
        until=lambda es: any(e.type == PAYMENT_SUCCEEDED and e.data["payment_id"] == order["id"] for e in es),
    )
    [event] = [e for e in events if e.type == PAYMENT_SUCCEEDED and e.data["payment_id"] == order["id"]]
    assert event.data["amount"] == LLTP_ONLINE and event.data["method"] == "online_gateway"
    assert event.data["receipt_number"] == paid["receipt"]["number"]
    receipt = await payments.client.get(
        f"/v1/payments/{order['id']}/receipt", headers=payments.citizen(subject)
    )
    assert receipt.json()["fee_lines"][0]["amount"] == LLTP_ONLINE


async def test_a_cancelled_payment_fails_with_its_reason_and_the_citizen_can_try_again(
    payments: Payments,
) -> None:
    subject, order = await payments.new_order()
    first = await payments.checkout(order["id"], subject)
    location = await payments.pay_at_vnpay(first["redirect_url"], action="cancel")
    failed = await payments.wait_status(order["id"], "failed")
    assert (
        failed["failure_code"] == "customer_cancelled"
        and failed["failure_reason"] == "Người nộp đã hủy giao dịch"
    )
    shown = await payments.come_back(location, json=False)
    assert "Thanh toán không thành công" in shown.text and "hủy giao dịch" in shown.text
    events = await collect(
        payments.kafka,
        PAYMENT_TOPIC,
        until=lambda es: any(e.type == PAYMENT_FAILED and e.data["payment_id"] == order["id"] for e in es),
    )
    [event] = [e for e in events if e.type == PAYMENT_FAILED and e.data["payment_id"] == order["id"]]
    assert event.data["failure_code"] == "customer_cancelled"

    poor = await payments.checkout(order["id"], subject)
    await payments.pay_at_vnpay(poor["redirect_url"], outcome="51")
    failed_again = await payments.wait_status(order["id"], "failed")
    assert failed_again["failure_code"] == "insufficient_funds"
    third = await payments.checkout(order["id"], subject)
    await payments.pay_at_vnpay(third["redirect_url"])
    paid = await payments.wait_status(order["id"], "succeeded")
    assert [t["status"] for t in paid["transactions"]] == ["failed", "failed", "succeeded"]


async def test_checkout_takes_an_idempotency_key_and_refuses_officers_and_paid_orders(
    payments: Payments,
) -> None:
    subject, order = await payments.new_order()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    path = f"/v1/payments/{order['id']}/checkout"
    one = await payments.client.post(path, json={"locale": "en"}, headers=payments.citizen(subject) | key)
    two = await payments.client.post(path, json={"locale": "en"}, headers=payments.citizen(subject) | key)
    assert one.status_code == two.status_code == 201 and one.json() == two.json()
    assert "vnp_Locale=en" in one.json()["redirect_url"]
    officer = await payments.client.post(path, json={}, headers=payments.officer("reception_officer"))
    assert officer.status_code == 403
    bad = await payments.client.post(path, json={"gateway": "momo"}, headers=payments.citizen(subject))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "gateway"
    await payments.pay_at_vnpay(one.json()["redirect_url"])
    await payments.wait_status(order["id"], "succeeded")
    again = await payments.client.post(path, json={}, headers=payments.citizen(subject))
    assert again.status_code == 409 and again.json()["code"] == "payment_not_payable"


async def started_payment(payments: Payments) -> tuple[str, dict[str, Any], dict[str, str]]:
    """An order with a try open at VNPay, and the IPN VNPay would send if it succeeded."""
    subject, order = await payments.new_order()
    started = await payments.checkout(order["id"], subject)
    params = {
        "vnp_Amount": str(LLTP_ONLINE * 100),
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP99990001",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi le phi",
        "vnp_PayDate": "20261123103512",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": payments.vnpay.tmn_code,
        "vnp_TransactionNo": "99990001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": started["txn_ref"],
    }
    params["vnp_SecureHash"] = sign(payments.vnpay.hash_secret, params)
    return subject, order, params


async def test_r_fmt_6_forged_tampered_unknown_and_replayed_ipns_get_the_right_answer(
    payments: Payments,
) -> None:
    subject, order, good = await started_payment(payments)
    secret = payments.vnpay.hash_secret

    forged = good | {"vnp_SecureHash": hmac.new(b"not-the-secret", b"x", hashlib.sha512).hexdigest()}
    assert await ipn(payments, forged) == {"RspCode": "97", "Message": "Invalid signature"}
    tampered = good | {"vnp_Amount": "100"}  # 1 đồng, signature left as it was
    assert (await ipn(payments, tampered))["RspCode"] == "97"
    unsigned = {k: v for k, v in good.items() if k != "vnp_SecureHash"}
    assert (await ipn(payments, unsigned))["RspCode"] == "97"
    unknown = {**good, "vnp_TxnRef": uuid.uuid4().hex}
    unknown["vnp_SecureHash"] = sign(secret, unknown)
    assert await ipn(payments, unknown) == {"RspCode": "01", "Message": "Order not found"}
    assert (await payments.get(order["id"], subject))["status"] == "pending"  # nothing credited so far

    assert await ipn(payments, good) == {"RspCode": "00", "Message": "Confirm Success"}
    assert await ipn(payments, good) == {"RspCode": "02", "Message": "Order already confirmed"}  # a replay
    post = await payments.client.post("/v1/payment-gateways/vnpay/ipn", data=good)
    assert post.json()["RspCode"] == "02"
    paid = await payments.get(order["id"], subject)
    assert paid["status"] == "succeeded" and len(paid["transactions"]) == 1
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1

    logged = await callbacks(payments, good["vnp_TxnRef"])
    assert [(c.kind, c.answer, c.signature_valid) for c in logged] == [
        ("ipn", "97", False),
        ("ipn", "97", False),
        ("ipn", "97", False),
        ("ipn", "00", True),
        ("ipn", "02", True),
        ("ipn", "02", True),
    ]
    assert logged[1].params["vnp_Amount"] == "100"  # what the forger sent is kept for the record
    scraped = (await payments.client.get("/metrics")).text
    assert 'payments_gateway_callbacks_total{answer="97",kind="ipn",provider="vnpay"}' in scraped
    assert 'payments_settlements_total{result="already_settled",via="ipn"}' in scraped


async def test_r_fmt_6_a_signed_ipn_with_another_amount_is_answered_04_and_nothing_is_credited(
    payments: Payments,
) -> None:
    subject, order, good = await started_payment(payments)
    wrong = good | {"vnp_Amount": str((LLTP_ONLINE - 50_000) * 100)}
    wrong["vnp_SecureHash"] = sign(payments.vnpay.hash_secret, wrong)
    assert await ipn(payments, wrong) == {"RspCode": "04", "Message": "Invalid amount"}
    assert (await ipn(payments, wrong))["RspCode"] == "04"  # its retry: the same answer
    failed = await payments.get(order["id"], subject)
    assert failed["status"] == "failed" and failed["failure_code"] == "amount_mismatch"
    assert failed["paid_amount"] == 0 and failed["receipt"] is None
    assert failed["transactions"][0]["failure_code"] == "amount_mismatch"
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 0
    # The right amount for a try already failed: recorded as already settled, still nothing credited.
    assert (await ipn(payments, good))["RspCode"] == "02"
    assert (await payments.get(order["id"], subject))["paid_amount"] == 0


async def test_the_browser_return_never_credits_from_its_own_parameters(payments: Payments) -> None:
    subject, order, good = await started_payment(payments)
    # Correctly signed "success" parameters, but VNPay itself knows nothing of a payment: only a display.
    shown = await payments.come_back(
        f"{payments.base_url}/v1/payment-gateways/vnpay/return?"
        + "&".join(f"{k}={quote_plus(v)}" for k, v in good.items())
    )
    assert shown.status_code == 200 and shown.json()["outcome"] == "pending"
    assert (await payments.get(order["id"], subject))["status"] == "pending"
    forged = await payments.client.get(
        "/v1/payment-gateways/vnpay/return", params=good | {"vnp_SecureHash": "0" * 128}
    )
    assert forged.status_code == 400 and "Không xác thực được" in forged.text
    logged = await callbacks(payments, good["vnp_TxnRef"])
    assert [(c.kind, c.outcome) for c in logged] == [("return", "pending"), ("return", "unverified")]


async def test_a_lost_ipn_is_made_up_for_by_the_return_asking_vnpay(payments: Payments) -> None:
    subject, order = await payments.new_order()
    await payments.vnpay.set_ipn_fault("drop", count=1)
    started = await payments.checkout(order["id"], subject)
    location = await payments.pay_at_vnpay(started["redirect_url"])
    shown = await payments.come_back(location)
    assert shown.json()["outcome"] == "succeeded" and shown.json()["receipt_number"]
    paid = await payments.get(order["id"], subject)
    assert paid["status"] == "succeeded" and paid["transactions"][0]["settled_via"] == "return"
    assert (await payments.vnpay.transaction(started["txn_ref"]))["ipn_attempts"] == []
    # The IPN arrives after all (late): already confirmed, nothing more.
    answer = await payments.vnpay.resend_ipn(started["txn_ref"])
    assert answer["rsp_code"] == "02"
    await eventually(lambda: payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]))
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1


async def test_the_online_receipt_names_the_applicant_and_the_agency(payments: Payments) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    dossier_id = uuid.uuid4()
    submitted = DossierSubmitted(
        dossier_id=dossier_id,
        agency_code=LLTP_AGENCY,
        procedure_code="2.000488",
        applicant_subject=subject,
        occurred_at=utcnow(),
        procedure_version=1,
        channel=Channel.ONLINE,
        applicant_kind=ApplicantKind.CITIZEN,
        applicant_name="Trần Thị Bình",
        submitted_at=utcnow(),
    )
    agency = AgencyUpdated(
        agency_id=uuid.UUID(int=49_11),
        agency_code=LLTP_AGENCY,
        name="Sở Tư pháp tỉnh Quảng Ninh",
        occurred_at=utcnow(),
    )
    await payments.publish(AGENCY_UPDATED, agency, key=str(agency.agency_id))
    await payments.publish(DOSSIER_SUBMITTED, submitted, key=str(dossier_id))
    received = await payments.receive(subject, dossier_id=dossier_id)
    order = await payments.order_of(received.dossier_id, subject)
    started = await payments.checkout(order["id"], subject)
    await payments.pay_at_vnpay(started["redirect_url"])
    paid = await payments.wait_status(order["id"], "succeeded")
    assert paid["receipt"]["payer_name"] == "Trần Thị Bình"
    pdf = await payments.client.get(
        f"/v1/payments/{order['id']}/receipt.pdf", headers=payments.citizen(subject)
    )
    text = pdf_text(pdf.content)
    assert "Trần Thị Bình" in text and "Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "Thanh toán trực tuyến qua cổng thanh toán" in text and "không cần chữ ký" in text
    assert paid["transactions"][0]["provider_transaction_no"] in text
