"""Refunds (R-PAY-4): automatic when the agency cannot perform the service (refused after appraisal,
stopped), sent through VNPay; none when refused at the desk, withdrawn, or once the result exists;
by hand, full or partial, guarded by what is still refundable (412 on a stale view)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from contracts.events import (
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_STOPPED,
    DOSSIER_WITHDRAWN,
    PAYMENT_REFUNDED,
    PAYMENT_TOPIC,
    DossierRefused,
    DossierResolved,
    DossierStopped,
    DossierWithdrawn,
)
from contracts.lifecycle import DossierStatus
from servicekit.db import utcnow
from servicekit.testing.kafka import collect
from services.payments.tests.service.support import LLTP_AGENCY, LLTP_ONLINE, Payments


def common(order: dict[str, Any], subject: str) -> dict[str, Any]:
    return {
        "dossier_id": uuid.UUID(order["dossier_id"]),
        "dossier_code": order["dossier_code"],
        "agency_code": LLTP_AGENCY,
        "procedure_code": "2.000488",
        "applicant_subject": subject,
        "occurred_at": utcnow(),
    }


async def refused(payments: Payments, order: dict[str, Any], subject: str, *, at_desk: bool) -> str:
    event = DossierRefused(
        **common(order, subject), at_desk=at_desk, reasons=("Không đủ điều kiện",), decided_by="o-1"
    )
    return await payments.publish(DOSSIER_REFUSED, event, key=order["dossier_id"])


async def refunds_of(payments: Payments, payment_id: str) -> list[dict[str, Any]]:
    response = await payments.client.get(
        "/v1/refunds", params={"payment_id": payment_id}, headers=payments.admin()
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_r_pay_4_a_refusal_after_appraisal_refunds_everything_through_vnpay(payments: Payments) -> None:
    subject, order = await payments.paid()
    await refused(payments, order, subject, at_desk=False)
    refunded = await payments.wait_status(order["id"], "refunded")
    assert refunded["refunded_amount"] == LLTP_ONLINE and refunded["refundable_amount"] == 0
    [refund] = await refunds_of(payments, order["id"])
    assert refund["status"] == "succeeded" and refund["cause"] == "service_not_performed"
    assert refund["amount"] == LLTP_ONLINE and refund["method"] == "online_gateway"
    txn_ref = refunded["transactions"][0]["txn_ref"]
    at_vnpay = await payments.vnpay.transaction(txn_ref)
    assert at_vnpay["refunded"] == LLTP_ONLINE and at_vnpay["refunds"][0]["transaction_type"] == "02"
    events = await collect(
        payments.kafka,
        PAYMENT_TOPIC,
        until=lambda es: any(e.type == PAYMENT_REFUNDED and e.data["payment_id"] == order["id"] for e in es),
    )
    [event] = [e for e in events if e.type == PAYMENT_REFUNDED and e.data["payment_id"] == order["id"]]
    assert event.data["amount"] == LLTP_ONLINE and event.data["fully_refunded"] is True
    assert event.data["reason"] == "Cơ quan không thực hiện được dịch vụ"
    # The same event again changes nothing (inbox), and the citizen sees the refund on their payment.
    mine = await payments.get(order["id"], subject)
    assert mine["refunds"][0]["status"] == "succeeded"


async def test_r_pay_4_a_stopped_dossier_is_refunded_an_unpaid_order_just_cancelled(
    payments: Payments,
) -> None:
    subject, paid = await payments.paid()
    stop = DossierStopped(
        **common(paid, subject), reason="Cơ quan có thẩm quyền dừng giải quyết", decided_by="o-2"
    )
    await payments.publish(DOSSIER_STOPPED, stop, key=paid["dossier_id"])
    await payments.wait_status(paid["id"], "refunded")

    other, unpaid = await payments.new_order()
    stop_unpaid = DossierStopped(**common(unpaid, other), reason="Dừng xử lý", decided_by="o-2")
    await payments.publish(DOSSIER_STOPPED, stop_unpaid, key=unpaid["dossier_id"])
    cancelled = await payments.wait_status(unpaid["id"], "cancelled")
    assert cancelled["failure_code"] == "dossier_stopped" and await refunds_of(payments, unpaid["id"]) == []


async def test_r_pay_4_no_refund_when_refused_at_the_desk_or_withdrawn(payments: Payments) -> None:
    subject, desk = await payments.new_order()
    event_id = await refused(payments, desk, subject, at_desk=True)
    await payments.handled(event_id)
    assert (await payments.get(desk["id"]))["status"] == "cancelled"

    subject, paid = await payments.paid()
    withdrawn = DossierWithdrawn(**common(paid, subject), previous_status=DossierStatus.PROCESSING)
    await payments.handled(await payments.publish(DOSSIER_WITHDRAWN, withdrawn, key=paid["dossier_id"]))
    kept = await payments.get(paid["id"])
    assert kept["status"] == "succeeded" and await refunds_of(payments, paid["id"]) == []


async def test_r_pay_4_no_refund_once_the_result_was_produced_even_if_not_collected(
    payments: Payments,
) -> None:
    subject, paid = await payments.paid()
    resolved = DossierResolved(
        **common(paid, subject),
        decided_by="leader-1",
        appointment_date=utcnow().date(),
        on_time=True,
    )
    await payments.handled(await payments.publish(DOSSIER_RESOLVED, resolved, key=paid["dossier_id"]))
    leader = payments.officer("agency_leader")
    by_hand = await payments.client.post(
        f"/v1/payments/{paid['id']}/refunds",
        json={
            "amount": LLTP_ONLINE,
            "refund_amount_available": LLTP_ONLINE,
            "reason": "Người nộp không đến nhận",
        },
        headers=leader | {"If-Match": f'"{paid["version"]}"'},
    )
    assert by_hand.status_code == 409 and by_hand.json()["code"] == "refund_not_allowed_result_produced"
    # A later (impossible, but redelivered) refusal after the result changes nothing either.
    await payments.handled(await refused(payments, paid, subject, at_desk=False))
    assert (await payments.get(paid["id"]))["status"] == "succeeded"
    assert await refunds_of(payments, paid["id"]) == []


async def test_refunds_by_hand_are_guarded_by_what_is_still_refundable(payments: Payments) -> None:
    subject, paid = await payments.paid()
    path = f"/v1/payments/{paid['id']}/refunds"
    leader = payments.officer("agency_leader")
    etag = {"If-Match": f'"{paid["version"]}"'}
    body = {"amount": 40_000, "refund_amount_available": LLTP_ONLINE, "reason": "Thu thừa do nhập sai số bản"}

    citizen = await payments.client.post(path, json=body, headers=payments.citizen(subject) | etag)
    assert citizen.status_code == 403
    reception = await payments.client.post(
        path, json=body, headers=payments.officer("reception_officer") | etag
    )
    assert reception.status_code == 403 and reception.json()["code"] == "role_required"
    elsewhere = await payments.client.post(
        path, json=body, headers=payments.officer("agency_leader", agency="000.00.18.G12") | etag
    )
    assert elsewhere.status_code == 404
    assert (await payments.client.post(path, json=body, headers=leader)).status_code == 428
    stale = await payments.client.post(path, json=body, headers=leader | {"If-Match": '"1"'})
    assert stale.status_code == 412
    wrong_view = await payments.client.post(
        path, json={**body, "refund_amount_available": 90_000}, headers=leader | etag
    )
    assert wrong_view.status_code == 412 and wrong_view.json()["code"] == "refund_amount_available_mismatch"
    too_much = await payments.client.post(
        path, json={**body, "amount": LLTP_ONLINE + 1}, headers=leader | etag
    )
    assert too_much.status_code == 422 and too_much.json()["code"] == "refund_exceeds_available"

    part = await payments.client.post(path, json={**body, "cause": "overpayment"}, headers=leader | etag)
    assert part.status_code == 201, part.text
    after = await payments.wait_status(paid["id"], "partially_refunded")
    assert after["refunded_amount"] == 40_000 and after["refundable_amount"] == 60_000
    # The view it was asked from is stale now: 412, nothing refunded twice.
    replay = await payments.client.post(path, json=body, headers=leader | etag)
    assert replay.status_code == 412
    rest = await payments.client.post(
        path,
        json={"amount": 60_000, "refund_amount_available": 60_000, "reason": "Không cấp được phiếu"},
        headers=leader | {"If-Match": f'"{after["version"]}"'},
    )
    assert rest.status_code == 201
    done = await payments.wait_status(paid["id"], "refunded")
    assert done["refunded_amount"] == LLTP_ONLINE
    at_vnpay = await payments.vnpay.transaction(done["transactions"][0]["txn_ref"])
    assert [r["transaction_type"] for r in at_vnpay["refunds"]] == ["03", "03"]
    _, unpaid = await payments.new_order()
    nothing = await payments.client.post(
        f"/v1/payments/{unpaid['id']}/refunds",
        json={**body, "refund_amount_available": 0},
        headers=leader | {"If-Match": f'"{unpaid["version"]}"'},
    )
    assert nothing.status_code == 409 and nothing.json()["code"] == "payment_not_refundable"


async def test_two_officers_refunding_at_once_never_give_back_more_than_was_paid(payments: Payments) -> None:
    _, paid = await payments.paid()
    path = f"/v1/payments/{paid['id']}/refunds"
    body = {"amount": 70_000, "refund_amount_available": LLTP_ONLINE, "reason": "Không cấp được phiếu"}
    etag = {"If-Match": f'"{paid["version"]}"'}
    answers = await asyncio.gather(
        *(
            payments.client.post(path, json=body, headers=payments.officer("agency_leader") | etag)
            for _ in range(4)
        )
    )
    assert sorted(a.status_code for a in answers) == [201, 412, 412, 412]
    partly = await payments.wait_status(paid["id"], "partially_refunded")
    assert partly["refunded_amount"] == 70_000 and partly["refundable_amount"] == 30_000
