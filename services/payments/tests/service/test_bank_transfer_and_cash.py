"""Bank transfer to the agency's published account, matched on a statement import by the payment
reference, and cash at the desk with a receipt (R-PAY-3): each credited once, mismatches recorded."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from contracts.events import AGENCY_UPDATED, PAYMENT_SUCCEEDED, AgencyBankAccount, AgencyUpdated
from servicekit.db import utcnow
from servicekit.documents.testing import pdf_text
from services.payments.tests.service.support import LLTP_AGENCY, LLTP_ONLINE, Payments

ACCOUNT = "0071000123456"
ACCOUNT_PATH = f"/v1/payment-gateways/bank-transfer/accounts/{LLTP_AGENCY}"
TREASURY = "Kho bạc Nhà nước khu vực IV"


def agency(*, account: str | None = ACCOUNT, branch: str | None = "Chi nhánh Quảng Ninh") -> AgencyUpdated:
    """The catalogue announces the Sở Tư pháp with (or without) its published account."""
    return AgencyUpdated(
        agency_id=uuid.UUID(int=49_11),
        agency_code=LLTP_AGENCY,
        name="Sở Tư pháp tỉnh Quảng Ninh",
        parent_code="000.00.00.H49",
        bank_account=AgencyBankAccount(
            bank_name=TREASURY,
            account_number=account,
            account_holder="Sở Tư pháp tỉnh Quảng Ninh",
            branch=branch,
        )
        if account
        else None,
        occurred_at=utcnow(),
    )


def statement(*lines: tuple[str, str, str, str]) -> bytes:
    """A statement export: (bank reference, debit, credit, description) per line."""
    rows = [
        "SAO KÊ TÀI KHOẢN",
        f"Số tài khoản,{ACCOUNT}",
        "Tên tài khoản,SO TU PHAP TINH QUANG NINH",
        "",
        "Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Số dư,Nội dung",
    ]
    rows += [f'23/11/2026,{ref},{debit},"{credit}",,"{text}"' for ref, debit, credit, text in lines]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")


async def publish_account(payments: Payments) -> None:
    if (await payments.client.get(ACCOUNT_PATH, headers=payments.admin())).status_code == 200:
        return
    await payments.handled(await payments.publish(AGENCY_UPDATED, agency(), key=str(uuid.UUID(int=49_11))))


async def import_statement(payments: Payments, content: bytes, **headers: str) -> Any:
    return await payments.client.post(
        "/v1/payment-gateways/bank-transfer/statements",
        params={"agency_code": LLTP_AGENCY, "file_name": "saoke.csv"},
        content=content,
        headers={"Content-Type": "text/csv"} | (headers or payments.officer("reception_officer")),
    )


async def test_r_pay_3_the_account_the_agency_publishes_in_the_catalogue_is_shown_to_the_payer(
    payments: Payments,
) -> None:
    await publish_account(payments)
    account = await payments.client.get(ACCOUNT_PATH, headers=payments.citizen("c-1"))
    assert account.status_code == 200 and account.json()["account_holder"] == "Sở Tư pháp tỉnh Quảng Ninh"
    subject, order = await payments.new_order(subject=f"citizen-{uuid.uuid4()}")
    assert order["bank_transfer"] == {
        "bank_name": TREASURY,
        "branch": "Chi nhánh Quảng Ninh",
        "account_number": ACCOUNT,
        "account_holder": "Sở Tư pháp tỉnh Quảng Ninh",
        "amount": LLTP_ONLINE,
        "description": f"{order['payment_reference']} {order['dossier_code']}",
    }
    assert (await payments.get(order["id"], subject))["bank_transfer"]["account_number"] == ACCOUNT
    missing = await payments.client.get(
        "/v1/payment-gateways/bank-transfer/accounts/000.00.18.G12", headers=payments.citizen("c-1")
    )
    assert missing.status_code == 404 and missing.json()["code"] == "bank_account_not_found"


async def test_r_pay_3_a_statement_credits_each_referenced_transfer_once(payments: Payments) -> None:
    await publish_account(payments)
    subject, order = await payments.new_order()
    _, short = await payments.new_order()
    _, closed = await payments.new_order()
    await payments.client.post(
        f"/v1/payments/{closed['id']}/cancellation",
        json={"reason": "Nhập nhầm"},
        headers=payments.officer("agency_leader"),
    )
    ref = order["payment_reference"]
    spaced = f"{ref[:2]} {ref[2:6]} {ref[6:]}".lower()
    content = statement(
        (f"FT{uuid.uuid4().hex[:10]}", "", "100.000", f"CT DEN:{spaced} NGUYEN VAN AN nop phi"),
        (f"FT{uuid.uuid4().hex[:10]}", "", "50.000", f"{short['payment_reference']} chuyen thieu"),
        (f"FT{uuid.uuid4().hex[:10]}", "", "100.000", f"{closed['payment_reference']} chuyen sau khi huy"),
        (f"FT{uuid.uuid4().hex[:10]}", "", "100.000", "Nguyen Van B chuyen tien khong ghi ma"),
        (f"FT{uuid.uuid4().hex[:10]}", "", "100.000", "MC00000000X ma sai"),
        (f"FT{uuid.uuid4().hex[:10]}", "22.000", "", "Phi dich vu SMS Banking"),
    )
    first = await import_statement(payments, content)
    assert first.status_code == 201, first.text
    report = first.json()
    assert [line["outcome"] for line in report["items"]] == [
        "matched",
        "amount_mismatch",
        "order_closed",
        "no_reference",
        "no_reference",
        "debit",
    ]
    assert report["matched"] == 1 and report["lines"] == 6
    paid = await payments.get(order["id"], subject)
    assert paid["status"] == "succeeded" and paid["method"] == "bank_transfer" and paid["receipt"]
    mismatch = await payments.get(short["id"])
    assert mismatch["status"] == "created" and mismatch["paid_amount"] == 0
    assert mismatch["transactions"][0]["failure_code"] == "amount_mismatch"
    surplus = await payments.get(closed["id"])
    assert surplus["status"] == "cancelled" and surplus["refunds"][0]["status"] == "awaiting_payout"

    again = await import_statement(payments, content)
    assert [line["outcome"] for line in again.json()["items"]][:3] == ["duplicate", "duplicate", "duplicate"]
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1
    read = await payments.client.get(
        f"/v1/payment-gateways/bank-transfer/statements/{report['id']}",
        headers=payments.officer("reception_officer"),
    )
    assert read.status_code == 200 and read.json()["items"][0]["payment_id"] == order["id"]


async def test_the_same_statement_imported_twice_at_once_credits_once(payments: Payments) -> None:
    await publish_account(payments)
    _, order = await payments.new_order()
    content = statement((f"FT{uuid.uuid4().hex[:10]}", "", "100.000", order["payment_reference"]))
    one, two = await asyncio.gather(import_statement(payments, content), import_statement(payments, content))
    outcomes = sorted([one.json()["items"][0]["outcome"], two.json()["items"][0]["outcome"]])
    assert outcomes == ["duplicate", "matched"]
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1


async def test_a_bad_statement_is_refused_line_by_line_and_changes_nothing(payments: Payments) -> None:
    await publish_account(payments)
    _, order = await payments.new_order()
    content = statement(
        (f"FT{uuid.uuid4().hex[:10]}", "", "100.000", order["payment_reference"]),
        ("FT-BAD", "", "100.000,50", "so le"),
    )
    refused = await import_statement(payments, content)
    assert refused.status_code == 422 and refused.json()["code"] == "statement_invalid"
    assert refused.json()["errors"] == [
        {"field": "line 7", "code": "amount_invalid", "message": "amounts are whole VND, e.g. 100.000"}
    ]
    assert (await payments.get(order["id"]))["status"] == "created"
    other_account = statement(("FT1", "", "1", "x")).replace(ACCOUNT.encode(), b"0011009999999")
    mismatch = await import_statement(payments, other_account)
    assert mismatch.status_code == 422 and mismatch.json()["code"] == "statement_account_mismatch"
    citizen = await import_statement(payments, content, **payments.citizen("c-1"))
    assert citizen.status_code == 403
    no_account = await payments.client.post(
        "/v1/payment-gateways/bank-transfer/statements",
        params={"agency_code": "000.00.18.G12"},
        content=content,
        headers={"Content-Type": "text/csv"} | payments.officer("reception_officer", agency="000.00.18.G12"),
    )
    assert no_account.status_code == 404 and no_account.json()["code"] == "bank_account_not_found"


async def test_r_pay_3_cash_at_the_desk_is_recorded_by_a_reception_officer_with_a_receipt(
    payments: Payments,
) -> None:
    subject, order = await payments.new_order()
    path = f"/v1/payments/{order['id']}/cash"
    officer = payments.officer("reception_officer") | {"Idempotency-Key": str(uuid.uuid4())}
    wrong = await payments.client.post(path, json={"amount": 90_000}, headers=officer)
    assert wrong.status_code == 422 and wrong.json()["code"] == "cash_amount_mismatch"
    assert "100000" in wrong.json()["detail"]
    citizen = await payments.client.post(
        path, json={"amount": LLTP_ONLINE}, headers=payments.citizen(subject)
    )
    assert citizen.status_code == 403
    elsewhere = payments.officer("reception_officer", agency="000.00.18.G12")
    assert (
        await payments.client.post(path, json={"amount": LLTP_ONLINE}, headers=elsewhere)
    ).status_code == 404
    body = {"amount": LLTP_ONLINE, "payer_name": "Nguyễn Văn An"}
    receipt = await payments.client.post(path, json=body, headers=officer)
    assert receipt.status_code == 201, receipt.text
    assert receipt.json()["method"] == "desk_cash" and receipt.json()["payer_name"] == "Nguyễn Văn An"
    assert receipt.json()["number"].startswith(f"{LLTP_AGENCY}-BL")
    replay = await payments.client.post(path, json=body, headers=officer)
    assert replay.json() == receipt.json() and replay.headers["idempotent-replayed"] == "true"
    twice = await payments.client.post(path, json=body, headers=payments.officer("reception_officer"))
    assert twice.status_code == 409 and twice.json()["code"] == "payment_not_payable"
    paid = await payments.get(order["id"], subject)
    assert paid["status"] == "succeeded" and paid["receipt"]["number"] == receipt.json()["number"]
    assert await payments.outbox_count(PAYMENT_SUCCEEDED, order["id"]) == 1
    pdf = await payments.client.get(
        f"/v1/payments/{order['id']}/receipt.pdf", headers=payments.citizen(subject)
    )
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert receipt.json()["number"] in text and "Một trăm nghìn đồng" in text and "Nguyễn Văn An" in text
    assert "NGƯỜI THU TIỀN" in text  # counted at the desk: signed by the officer who collected it
    other = payments.citizen(f"citizen-{uuid.uuid4()}")
    assert (
        await payments.client.get(f"/v1/payments/{order['id']}/receipt.pdf", headers=other)
    ).status_code == 404


async def test_a_cash_refund_is_paid_out_by_an_officer(payments: Payments) -> None:
    _, order = await payments.new_order()
    officer = payments.officer("reception_officer")
    await payments.client.post(
        f"/v1/payments/{order['id']}/cash", json={"amount": LLTP_ONLINE}, headers=officer
    )
    paid = await payments.get(order["id"])
    leader = payments.officer("agency_leader")
    asked = await payments.client.post(
        f"/v1/payments/{order['id']}/refunds",
        json={
            "amount": LLTP_ONLINE,
            "refund_amount_available": LLTP_ONLINE,
            "reason": "Không cấp được phiếu",
        },
        headers=leader | {"If-Match": f'"{paid["version"]}"'},
    )
    assert asked.status_code == 201 and asked.json()["status"] == "awaiting_payout"
    refund_id = asked.json()["id"]
    done = await payments.client.post(
        f"/v1/refunds/{refund_id}/payout", json={"reference": "PC-0001"}, headers=officer
    )
    assert done.status_code == 200 and done.json()["status"] == "succeeded"
    again = await payments.client.post(
        f"/v1/refunds/{refund_id}/payout", json={"reference": "PC-0002"}, headers=officer
    )
    assert again.status_code == 409 and again.json()["code"] == "refund_not_awaiting_payout"
    assert (await payments.get(order["id"]))["status"] == "refunded"


async def test_an_account_the_catalogue_withdraws_is_no_longer_offered(payments: Payments) -> None:
    await publish_account(payments)
    key = str(uuid.UUID(int=49_11))
    await payments.handled(await payments.publish(AGENCY_UPDATED, agency(account=None), key=key))
    assert (await payments.client.get(ACCOUNT_PATH, headers=payments.admin())).status_code == 404
    _, order = await payments.new_order()
    assert order["bank_transfer"] is None
    refused = await import_statement(payments, statement(("FT1", "", "100.000", order["payment_reference"])))
    assert refused.status_code == 404 and refused.json()["code"] == "bank_account_not_found"
    moved = agency(account="3511099990000", branch=None)
    await payments.handled(await payments.publish(AGENCY_UPDATED, moved, key=key))
    assert (await payments.client.get(ACCOUNT_PATH, headers=payments.admin())).json()["account_number"] == (
        "3511099990000"
    )
