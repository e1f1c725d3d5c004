"""The VNPay 2.1.0 simulator through its real HTTP API: signed redirect, payment page, browser return,
IPN with retries and faults, querydr and refund, the signed daily report (R-FMT-6)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from simulators.testing import RunningVnpaySimulator, eventually, run_vnpay_simulator, serve_app

VN = timezone(timedelta(hours=7))


@dataclass
class Merchant:
    """The merchant's IPN endpoint: records calls and answers `answers` in turn (then "00")."""

    base_url: str = ""
    calls: list[dict[str, str]] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)


@pytest.fixture(scope="module")
async def merchant() -> AsyncIterator[Merchant]:
    state = Merchant()
    app = FastAPI()

    @app.get("/ipn")
    async def ipn(request: Request) -> JSONResponse:
        state.calls.append(dict(request.query_params))
        answer = state.answers.pop(0) if state.answers else "00"
        if answer == 500:
            return JSONResponse({"error": "boom"}, status_code=500)
        return JSONResponse({"RspCode": answer, "Message": "ok"})

    async with serve_app(app) as url:
        state.base_url = url
        yield state


@pytest.fixture(scope="module")
async def _vnpay(merchant: Merchant) -> AsyncIterator[RunningVnpaySimulator]:
    async with run_vnpay_simulator(ipn_url=merchant.base_url + "/ipn") as sim:
        yield sim


@pytest.fixture
async def vnpay(_vnpay: RunningVnpaySimulator, merchant: Merchant) -> RunningVnpaySimulator:
    merchant.calls.clear()
    merchant.answers.clear()
    await _vnpay.clear_ipn_fault()
    (await _vnpay.client.delete("/simulator/report-adjustments")).raise_for_status()
    return _vnpay


def signature(secret: str, params: dict[str, str]) -> str:
    """The published rule, written out here: sorted vnp_* fields, urlencoded, joined, HMAC-SHA512."""
    data = "&".join(
        f"{quote_plus(k)}={quote_plus(v)}"
        for k, v in sorted(params.items())
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v
    )
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def redirect(sim: RunningVnpaySimulator, **overrides: str) -> dict[str, str]:
    now = datetime.now(VN)
    params = {
        "vnp_Version": "2.1.0",
        "vnp_Command": "pay",
        "vnp_TmnCode": sim.tmn_code,
        "vnp_Amount": "10000000",
        "vnp_CreateDate": now.strftime("%Y%m%d%H%M%S"),
        "vnp_ExpireDate": (now + timedelta(minutes=15)).strftime("%Y%m%d%H%M%S"),
        "vnp_CurrCode": "VND",
        "vnp_IpAddr": "127.0.0.1",
        "vnp_Locale": "vn",
        "vnp_OrderInfo": "Nop phi ho so 000.00.11.H49-261123-0001",
        "vnp_OrderType": "billpayment",
        "vnp_ReturnUrl": "http://portal.example/v1/payment-gateways/vnpay/return",
        "vnp_TxnRef": uuid.uuid4().hex[:20],
    }
    params.update(overrides)
    params["vnp_SecureHash"] = signature(sim.hash_secret, params)
    return params


async def open_page(sim: RunningVnpaySimulator, params: dict[str, str]) -> httpx.Response:
    return await sim.client.get("/paymentv2/vpcpay.html?" + urlencode(params))


async def pay(sim: RunningVnpaySimulator, params: dict[str, str], **form: str) -> dict[str, str]:
    """Open the page, submit its form, follow nothing: the return URL's query."""
    page = await open_page(sim, params)
    assert page.status_code == 200, page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    answer = await sim.client.post(
        "/paymentv2/pay", data={"token": token.group(1), "action": "pay", **form}, follow_redirects=False
    )
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(params["vnp_ReturnUrl"] + "?")
    return dict(parse_qsl(urlsplit(location).query))


async def test_r_fmt_6_a_signed_redirect_opens_the_payment_page_with_the_amount(
    vnpay: RunningVnpaySimulator,
) -> None:
    page = await open_page(vnpay, redirect(vnpay, vnp_Amount="15000000"))
    assert page.status_code == 200
    assert "150.000 VND" in page.text and "Nop phi ho so" in page.text


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"vnp_Amount": "20000000"}, "70"),  # amount changed after signing
        ({"vnp_SecureHash": "00" * 64}, "70"),
        ({"vnp_TmnCode": "OTHER001"}, "02"),
        ({"vnp_Version": "2.0.0"}, "70"),  # changed after signing, and the checksum says so first
    ],
)
async def test_r_fmt_6_a_tampered_redirect_is_refused(
    vnpay: RunningVnpaySimulator, change: dict[str, str], code: str
) -> None:
    params = redirect(vnpay) | change
    page = await open_page(vnpay, params)
    assert page.status_code == 400
    assert f"code: {code}" in page.text


async def test_a_redirect_missing_fields_or_with_bad_values_is_refused_with_03(
    vnpay: RunningVnpaySimulator,
) -> None:
    params = redirect(vnpay)
    del params["vnp_ReturnUrl"]
    assert "code: 03" in (await open_page(vnpay, params)).text
    odd_amount = redirect(vnpay, vnp_Amount="1000050")  # not VND × 100
    assert "code: 03" in (await open_page(vnpay, odd_amount)).text
    expired = redirect(
        vnpay,
        vnp_CreateDate=(datetime.now(VN) - timedelta(hours=1)).strftime("%Y%m%d%H%M%S"),
        vnp_ExpireDate=(datetime.now(VN) - timedelta(minutes=1)).strftime("%Y%m%d%H%M%S"),
    )
    assert "code: 11" in (await open_page(vnpay, expired)).text


async def test_a_reused_txn_ref_with_other_content_is_refused_but_the_same_redirect_reopens(
    vnpay: RunningVnpaySimulator,
) -> None:
    params = redirect(vnpay)
    assert (await open_page(vnpay, params)).status_code == 200
    assert (await open_page(vnpay, params)).status_code == 200
    other = redirect(vnpay, vnp_TxnRef=params["vnp_TxnRef"], vnp_Amount="20000000")
    assert "code: 01" in (await open_page(vnpay, other)).text


async def test_paying_returns_the_browser_with_a_signed_result_and_sends_the_ipn(
    vnpay: RunningVnpaySimulator, merchant: Merchant
) -> None:
    params = redirect(vnpay)
    result = await pay(vnpay, params, bank_code="VCB")
    assert result["vnp_ResponseCode"] == "00" and result["vnp_TransactionStatus"] == "00"
    assert result["vnp_Amount"] == "10000000" and result["vnp_TxnRef"] == params["vnp_TxnRef"]
    assert result["vnp_BankCode"] == "VCB" and result["vnp_TransactionNo"] != "0"
    assert result["vnp_SecureHash"] == signature(vnpay.hash_secret, result)

    txn = await vnpay.wait_for_ipn(params["vnp_TxnRef"])
    assert txn["status"] == "success" and txn["ipn_attempts"][0]["rsp_code"] == "00"
    [ipn] = [c for c in merchant.calls if c["vnp_TxnRef"] == params["vnp_TxnRef"]]
    assert ipn == result  # the IPN carries exactly what the browser brought back


async def test_a_cancelled_or_failed_payment_says_why(vnpay: RunningVnpaySimulator) -> None:
    params = redirect(vnpay)
    page = await open_page(vnpay, params)
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    answer = await vnpay.client.post("/paymentv2/pay", data={"token": token.group(1), "action": "cancel"})
    cancelled = dict(parse_qsl(urlsplit(answer.headers["location"]).query))
    assert cancelled["vnp_ResponseCode"] == "24" and cancelled["vnp_TransactionStatus"] == "02"

    poor = await pay(vnpay, redirect(vnpay), outcome="51")
    assert poor["vnp_ResponseCode"] == "51" and poor["vnp_TransactionStatus"] == "02"


async def test_the_ipn_is_retried_until_the_merchant_acknowledges_it(
    vnpay: RunningVnpaySimulator, merchant: Merchant
) -> None:
    merchant.answers[:] = [500, "99"]  # a crash, then "unknown error": both are retried
    params = redirect(vnpay)
    await pay(vnpay, params)
    txn = await vnpay.wait_for_ipn(params["vnp_TxnRef"], count=3)
    assert [a["rsp_code"] for a in txn["ipn_attempts"]] == [None, "99", "00"]


async def test_a_final_refusal_ends_the_retries(vnpay: RunningVnpaySimulator, merchant: Merchant) -> None:
    merchant.answers[:] = ["97"]
    params = redirect(vnpay)
    await pay(vnpay, params)
    txn = await vnpay.wait_for_ipn(params["vnp_TxnRef"])
    assert [a["rsp_code"] for a in txn["ipn_attempts"]] == ["97"]


async def test_ipn_faults_drop_or_duplicate_the_notification(
    vnpay: RunningVnpaySimulator, merchant: Merchant
) -> None:
    await vnpay.set_ipn_fault("drop", count=1)
    dropped = redirect(vnpay)
    await pay(vnpay, dropped)
    await vnpay.set_ipn_fault("duplicate", count=1, copies=3)
    doubled = redirect(vnpay)
    await pay(vnpay, doubled)
    txn = await vnpay.wait_for_ipn(doubled["vnp_TxnRef"], count=3)
    assert len(txn["ipn_attempts"]) == 3
    assert (await vnpay.transaction(dropped["vnp_TxnRef"]))["ipn_attempts"] == []
    # Replayed by hand, as an attacker or a late retry would.
    replay = await vnpay.resend_ipn(dropped["vnp_TxnRef"])
    assert replay["rsp_code"] == "00"


def api_request(sim: RunningVnpaySimulator, command: str, fields: list[str], **values: str) -> dict[str, str]:
    body = {
        "vnp_RequestId": uuid.uuid4().hex,
        "vnp_Version": "2.1.0",
        "vnp_Command": command,
        "vnp_TmnCode": sim.tmn_code,
        "vnp_CreateDate": datetime.now(VN).strftime("%Y%m%d%H%M%S"),
        "vnp_IpAddr": "127.0.0.1",
        "vnp_OrderInfo": "Truy van giao dich",
        **values,
    }
    data = "|".join(body.get(name, "") for name in fields)
    body["vnp_SecureHash"] = hmac.new(sim.hash_secret.encode(), data.encode(), hashlib.sha512).hexdigest()
    return body


QUERYDR = [
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
]
REFUND = [
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
]
ANSWER = [
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
]


def answer_signed(sim: RunningVnpaySimulator, answer: dict[str, str], fields: list[str]) -> bool:
    data = "|".join(answer[name] for name in fields)
    expected = hmac.new(sim.hash_secret.encode(), data.encode(), hashlib.sha512).hexdigest()
    return answer["vnp_SecureHash"] == expected


async def test_querydr_reports_a_payment_signed_and_refuses_bad_requests(
    vnpay: RunningVnpaySimulator,
) -> None:
    params = redirect(vnpay)
    pending = api_request(
        vnpay,
        "querydr",
        QUERYDR,
        vnp_TxnRef=params["vnp_TxnRef"],
        vnp_TransactionDate=params["vnp_CreateDate"],
    )
    assert (await vnpay.client.post("/merchant_webapi/api/transaction", json=pending)).json()[
        "vnp_ResponseCode"
    ] == "91"
    await pay(vnpay, params)
    query = api_request(
        vnpay,
        "querydr",
        QUERYDR,
        vnp_TxnRef=params["vnp_TxnRef"],
        vnp_TransactionDate=params["vnp_CreateDate"],
    )
    answer = (await vnpay.client.post("/merchant_webapi/api/transaction", json=query)).json()
    assert answer["vnp_ResponseCode"] == "00" and answer["vnp_TransactionStatus"] == "00"
    assert answer["vnp_Amount"] == "10000000" and answer["vnp_TransactionType"] == "01"
    assert answer_signed(vnpay, answer, [*ANSWER, "vnp_PromotionCode", "vnp_PromotionAmount"])

    again = (await vnpay.client.post("/merchant_webapi/api/transaction", json=query)).json()
    assert again["vnp_ResponseCode"] == "94"  # the same vnp_RequestId twice
    forged = api_request(
        vnpay,
        "querydr",
        QUERYDR,
        vnp_TxnRef=params["vnp_TxnRef"],
        vnp_TransactionDate=params["vnp_CreateDate"],
    ) | {"vnp_SecureHash": "ab" * 64}
    assert (await vnpay.client.post("/merchant_webapi/api/transaction", json=forged)).json()[
        "vnp_ResponseCode"
    ] == "97"


async def test_refunds_partial_then_the_rest_never_more_than_paid(vnpay: RunningVnpaySimulator) -> None:
    params = redirect(vnpay)
    paid = await pay(vnpay, params)

    async def refund(kind: str, amount: int) -> dict[str, str]:
        body = api_request(
            vnpay,
            "refund",
            REFUND,
            vnp_TransactionType=kind,
            vnp_TxnRef=params["vnp_TxnRef"],
            vnp_Amount=str(amount * 100),
            vnp_TransactionNo=paid["vnp_TransactionNo"],
            vnp_TransactionDate=params["vnp_CreateDate"],
            vnp_CreateBy="motcua",
        )
        result: dict[str, str] = (
            await vnpay.client.post("/merchant_webapi/api/transaction", json=body)
        ).json()
        return result

    full_of_less = await refund("02", 40_000)
    assert full_of_less["vnp_ResponseCode"] == "03"  # a full refund is of the whole amount
    part = await refund("03", 40_000)
    assert part["vnp_ResponseCode"] == "00" and part["vnp_TransactionType"] == "03"
    assert answer_signed(vnpay, part, ANSWER)
    assert (await refund("03", 60_001))["vnp_ResponseCode"] == "03"  # more than what is left
    assert (await refund("03", 60_000))["vnp_ResponseCode"] == "00"
    txn = await vnpay.transaction(params["vnp_TxnRef"])
    assert txn["refunded"] == 100_000


async def test_the_daily_report_lists_the_days_payments_signed_with_injected_errors(
    vnpay: RunningVnpaySimulator,
) -> None:
    params = redirect(vnpay)
    await pay(vnpay, params)
    today = datetime.now(UTC).astimezone(VN).date()

    async def report() -> tuple[list[dict[str, str]], httpx.Response]:
        create = datetime.now(VN).strftime("%Y%m%d%H%M%S")
        values = [vnpay.tmn_code, today.strftime("%Y%m%d"), create]
        query = {
            "vnp_TmnCode": values[0],
            "vnp_ReportDate": values[1],
            "vnp_CreateDate": create,
            "vnp_SecureHash": hmac.new(
                vnpay.hash_secret.encode(), "|".join(values).encode(), hashlib.sha512
            ).hexdigest(),
        }
        response = await vnpay.client.get("/merchant_webapi/api/report", params=query)
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(response.text))), response

    rows, response = await report()
    expected = hmac.new(vnpay.hash_secret.encode(), response.content, hashlib.sha512).hexdigest()
    assert response.headers["x-vnpay-securehash"] == expected
    [row] = [r for r in rows if r["vnp_TxnRef"] == params["vnp_TxnRef"]]
    assert row["vnp_Amount"] == "10000000" and row["vnp_TransactionType"] == "01"

    await vnpay.adjust_report(today.isoformat(), "alter_amount", params["vnp_TxnRef"], 90_000)
    await vnpay.adjust_report(today.isoformat(), "add", "UNKNOWNREF01", 50_000)
    rows, _ = await report()
    assert {
        r["vnp_TxnRef"]: r["vnp_Amount"]
        for r in rows
        if r["vnp_TxnRef"] in (params["vnp_TxnRef"], "UNKNOWNREF01")
    } == {
        params["vnp_TxnRef"]: "9000000",
        "UNKNOWNREF01": "5000000",
    }
    unsigned = await vnpay.client.get(
        "/merchant_webapi/api/report", params={"vnp_TmnCode": vnpay.tmn_code, "vnp_ReportDate": "20260101"}
    )
    assert unsigned.status_code == 400


async def test_the_simulator_stays_healthy(vnpay: RunningVnpaySimulator) -> None:
    assert (await vnpay.client.get("/readyz")).json() == {"status": "ok"}
    await eventually(lambda: True)
