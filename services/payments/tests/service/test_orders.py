"""Payment orders over HTTP with a real PostgreSQL, broker and catalogue: issued on dossier.received
(R-PAY-3, R-CAT-2 level 4), fee quotes with exemptions, Idempotency-Key, and who may see what."""

from __future__ import annotations

import uuid

from contracts.events import DOSSIER_RECEIVED, PAYMENT_REQUESTED, PAYMENT_TOPIC, PAYMENT_WAIVED, PaymentDue
from servicekit.testing.kafka import collect
from services.payments.tests.service.support import LLTP_AGENCY, LLTP_DESK, LLTP_ONLINE, Payments


async def test_r_pay_3_a_received_level_4_dossier_gets_an_order_and_payment_requested(
    payments: Payments,
) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    received = await payments.receive(subject)
    order = await payments.order_of(received.dossier_id, subject)
    assert order["status"] == "created" and order["amount"] == LLTP_ONLINE  # R-PAY-5: the online amount
    assert order["payment_due"] == "before_processing" and order["channel"] == "online"
    assert order["dossier_code"] == received.dossier_code and order["currency"] == "VND"
    assert order["fee_lines"][0]["code"] == "PHI-LLTP" and order["fee_lines"][0]["unit_amount"] == LLTP_ONLINE
    assert order["payment_reference"].startswith("MC") and len(order["payment_reference"]) == 11

    events = await collect(
        payments.kafka,
        PAYMENT_TOPIC,
        until=lambda es: any(e.type == PAYMENT_REQUESTED and e.data["payment_id"] == order["id"] for e in es),
    )
    [requested] = [e for e in events if e.type == PAYMENT_REQUESTED and e.data["payment_id"] == order["id"]]
    assert requested.data["amount"] == LLTP_ONLINE and requested.data["payment_due"] == "before_processing"
    assert requested.data["dossier_id"] == str(received.dossier_id)
    assert requested.data["payment_reference"] == order["payment_reference"]
    assert requested.data["fee_lines"] == [
        {"name": "Phí cung cấp thông tin lý lịch tư pháp", "amount": LLTP_ONLINE}
    ]


async def test_a_dossier_without_fees_due_gets_no_order_and_redelivery_issues_none_twice(
    payments: Payments,
) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    free = await payments.receive(subject, due=PaymentDue.NONE)
    await payments.order_of_none(free.dossier_id, subject)
    owed = await payments.receive(subject)
    order = await payments.order_of(owed.dossier_id, subject)
    # The same event delivered again (same id), then a second event for the same reception: one order.
    first_id = payments.event_ids[owed.dossier_id]
    await payments.publish(DOSSIER_RECEIVED, owed, key=str(owed.dossier_id), event_id=first_id)
    again = await payments.publish(DOSSIER_RECEIVED, owed, key=str(owed.dossier_id))
    await payments.handled(again)
    mine = await payments.client.get(
        "/v1/payments", params={"dossier_id": str(owed.dossier_id)}, headers=payments.citizen(subject)
    )
    assert [o["id"] for o in mine.json()["items"]] == [order["id"]]


async def test_a_citizen_never_sees_or_pays_someone_elses_payment(payments: Payments) -> None:
    _, order = await payments.new_order()
    stranger = payments.citizen(f"citizen-{uuid.uuid4()}")
    assert (await payments.client.get(f"/v1/payments/{order['id']}", headers=stranger)).status_code == 404
    checkout = await payments.client.post(f"/v1/payments/{order['id']}/checkout", json={}, headers=stranger)
    assert checkout.status_code == 404 and checkout.json()["code"] == "payment_not_found"
    listed = await payments.client.get(
        "/v1/payments", params={"dossier_id": order["dossier_id"]}, headers=stranger
    )
    assert listed.json()["items"] == []
    create = await payments.client.post(
        "/v1/payments", json={"dossier_id": order["dossier_id"]}, headers=stranger | {"Idempotency-Key": "k1"}
    )
    assert create.status_code == 404 and create.json()["code"] == "dossier_not_found"
    other_agency = payments.officer("reception_officer", agency="000.00.18.G12")
    assert (await payments.client.get(f"/v1/payments/{order['id']}", headers=other_agency)).status_code == 404
    own_agency = payments.officer("reception_officer")
    assert (await payments.client.get(f"/v1/payments/{order['id']}", headers=own_agency)).status_code == 200
    assert (await payments.client.get("/v1/payments")).status_code == 401


async def test_idempotency_key_same_body_same_order_different_body_409(payments: Payments) -> None:
    subject = f"citizen-{uuid.uuid4()}"
    received = await payments.receive(subject, due=PaymentDue.NONE)  # no order issued by itself
    await payments.order_of_none(received.dossier_id, subject)
    officer = payments.officer("reception_officer") | {"Idempotency-Key": str(uuid.uuid4())}
    body = {"dossier_id": str(received.dossier_id), "exemptions": ["SV"]}
    first = await payments.client.post("/v1/payments", json=body, headers=officer)
    assert first.status_code == 201, first.text
    assert first.json()["amount"] == LLTP_DESK // 2 and first.json()["channel"] == "desk"  # SV: −50 %
    again = await payments.client.post("/v1/payments", json=body, headers=officer)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = await payments.client.post("/v1/payments", json={**body, "exemptions": []}, headers=officer)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    fresh_key = payments.officer("reception_officer") | {"Idempotency-Key": str(uuid.uuid4())}
    open_already = await payments.client.post("/v1/payments", json=body, headers=fresh_key)
    assert open_already.status_code == 409 and open_already.json()["code"] == "payment_already_open"
    assert first.json()["id"] in open_already.json()["detail"]


async def test_exemptions_by_subject_category_are_applied_by_the_desk_with_if_match(
    payments: Payments,
) -> None:
    subject, order = await payments.new_order()
    path = f"/v1/payments/{order['id']}/exemptions"
    officer = payments.officer("reception_officer")
    missing = await payments.client.post(path, json={"exemptions": ["SV"]}, headers=officer)
    assert missing.status_code == 428
    stale = await payments.client.post(
        path, json={"exemptions": ["SV"]}, headers=officer | {"If-Match": '"99"'}
    )
    assert stale.status_code == 412
    citizen = await payments.client.post(
        path,
        json={"exemptions": ["TE"]},
        headers=payments.citizen(subject) | {"If-Match": f'"{order["version"]}"'},
    )
    assert citizen.status_code == 403  # the applicant does not declare their own exemption
    half = await payments.client.post(
        path, json={"exemptions": ["SV"]}, headers=officer | {"If-Match": f'"{order["version"]}"'}
    )
    assert half.status_code == 200 and half.json()["amount"] == LLTP_ONLINE // 2
    assert half.json()["fee_lines"][0]["exemption_code"] == "SV"
    unknown = await payments.client.post(
        path, json={"quantities": {"NOPE": 2}}, headers=officer | {"If-Match": half.headers["etag"]}
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "fee_quote_invalid"


async def test_a_full_exemption_waives_the_order_and_the_dossier_goes_on(payments: Payments) -> None:
    subject, order = await payments.new_order()
    waived = await payments.client.post(
        f"/v1/payments/{order['id']}/exemptions",
        json={"exemptions": ["TE"]},
        headers=payments.officer("reception_officer") | {"If-Match": f'"{order["version"]}"'},
    )
    assert waived.status_code == 200 and waived.json()["status"] == "waived" and waived.json()["amount"] == 0
    events = await collect(
        payments.kafka,
        PAYMENT_TOPIC,
        until=lambda es: any(e.type == PAYMENT_WAIVED and e.data["payment_id"] == order["id"] for e in es),
    )
    [event] = [e for e in events if e.type == PAYMENT_WAIVED and e.data["payment_id"] == order["id"]]
    assert event.data["exemption_codes"] == ["TE"]
    checkout = await payments.client.post(
        f"/v1/payments/{order['id']}/checkout", json={}, headers=payments.citizen(subject)
    )
    assert checkout.status_code == 409 and checkout.json()["code"] == "payment_not_payable"


async def test_bad_input_is_a_problem_document_in_vietnamese_or_english(payments: Payments) -> None:
    officer = payments.officer("reception_officer") | {"Idempotency-Key": str(uuid.uuid4())}
    bad = await payments.client.post("/v1/payments", json={"dossier_id": "not-a-uuid"}, headers=officer)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "dossier_id" and "UUID" in bad.json()["errors"][0]["message"]
    unknown = await payments.client.get(
        f"/v1/payments/{uuid.uuid4()}", headers=payments.admin() | {"Accept-Language": "en"}
    )
    assert unknown.status_code == 404 and unknown.json()["detail"] == "There is no such payment."
    vi = await payments.client.get(f"/v1/payments/{uuid.uuid4()}", headers=payments.admin())
    assert vi.json()["detail"] == "Không có yêu cầu thanh toán này."
    assert LLTP_AGENCY  # the demo agency the officers above belong to
