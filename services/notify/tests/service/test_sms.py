"""The SMS channel against the provider simulator (eSMS-style): Unicode brandname messages keyed by
the message id, accepted then delivered (or failed) by the provider's delivery report; temporary
errors retried without ever sending twice; bad numbers and refusals failing for good."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from contracts.events import DOSSIER_RECEIVED
from servicekit.testing import eventually
from services.notify.tests.service.support import Notify, received, unique_email, unique_phone
from simulators.testing import RunningSmsSimulator


async def _sms_message(notify: Notify, citizen: str) -> dict[str, Any]:
    messages = await notify.wait_messages(citizen, 1, channel="sms")
    return messages[0]


async def _notice_by_sms(notify: Notify, phone: str) -> tuple[str, Any]:
    citizen = await notify.register(phone=phone, email=unique_email())
    event = received(citizen)
    await notify.publish(DOSSIER_RECEIVED, event, key=str(event.dossier_id))
    return citizen, event


async def test_a_notice_goes_as_a_unicode_brandname_sms_and_is_delivered_on_the_report(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    citizen, event = await _notice_by_sms(served, phone)
    message = await _sms_message(served, citizen)
    sent = await sms_sim.wait_for_message(phone=phone, timeout=20)
    assert sent["content"] == (
        f"Hồ sơ {event.dossier_code} đã được tiếp nhận. Ngày hẹn trả kết quả: 04/12/2026."
    )
    assert sent["is_unicode"] is True and sent["brandname"] == "MOTCUA" and sent["sms_type"] == "2"
    assert sent["request_id"] == message["id"]
    assert sent["callback_url"].startswith(f"{served.base_url}/v1/sms/delivery-reports?token=")

    done = await served.wait_status(message["id"], "delivered")
    assert done["provider_id"] == sent["id"] and done["address"] == phone
    assert [a["outcome"] for a in done["attempt_log"]] == ["accepted"]
    assert "CodeResult 100" in (done["attempt_log"][0]["provider_response"] or "")
    reported = await sms_sim.wait_for_message(phone=phone, predicate=lambda m: m["callback_status"] == "sent")
    assert reported["dlr_status"] == "delivered"


async def test_a_failed_delivery_report_fails_the_message_for_good(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    await sms_sim.set_fault("undeliverable", phones=[phone], send_status=6)
    citizen, _ = await _notice_by_sms(served, phone)
    message = await _sms_message(served, citizen)
    failed = await served.wait_status(message["id"], "permanent_failure")
    assert "SendStatus 6" in failed["last_error"] and failed["attempts"] == 1


async def test_provider_errors_99_and_503_are_retried_and_the_message_sent_once(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    await sms_sim.set_fault("reject", phones=[phone], count=1)
    citizen, _ = await _notice_by_sms(served, phone)
    message = await _sms_message(served, citizen)
    await served.wait_status(message["id"], "delivered")
    await sms_sim.set_fault("unavailable", phones=[phone], count=2)
    second = received(citizen)
    await served.publish(DOSSIER_RECEIVED, second, key=str(second.dossier_id))
    messages = await served.wait_messages(citizen, 2, channel="sms")
    retried = await served.wait_status(messages[0]["id"], "delivered")

    first = await served.wait_status(message["id"], "delivered")
    assert [a["outcome"] for a in first["attempt_log"]] == ["temporary_failure", "accepted"]
    assert "CodeResult 99" in first["attempt_log"][0]["error"]
    assert [a["outcome"] for a in retried["attempt_log"]] == ["temporary_failure"] * 2 + ["accepted"]
    assert "HTTP 503" in retried["attempt_log"][0]["error"]
    assert len(await sms_sim.messages(phone=phone)) == 2  # one per notice


async def test_a_send_that_times_out_is_settled_by_the_report_and_never_sent_twice(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    # The provider takes the message but answers after notify's 2 s timeout; its delivery report
    # (keyed by RequestId = our message id) arrives while notify still waits for the answer.
    await sms_sim.set_fault("timeout", phones=[phone], count=1, delay=3)
    citizen, _ = await _notice_by_sms(served, phone)
    message = await _sms_message(served, citizen)

    async def settled() -> dict[str, Any] | None:
        detail = (await served.client.get(f"/v1/messages/{message['id']}", headers=served.admin())).json()
        finished = detail["attempt_log"] and all(a["outcome"] for a in detail["attempt_log"])
        return detail if finished and detail["status"] == "delivered" else None

    done = await eventually(settled, timeout=30, message="delivered with every attempt closed")
    assert done["attempt_log"][0]["outcome"] == "temporary_failure"
    assert "no answer" in done["attempt_log"][0]["error"]
    assert done["attempts"] == 1  # the report made the retry unnecessary
    assert len(await sms_sim.messages(phone=phone)) == 1


async def test_an_invalid_number_fails_at_once_without_calling_the_provider(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    citizen, _ = await _notice_by_sms(served, "0951234567")  # 095 is no mobile prefix
    message = await _sms_message(served, citizen)
    failed = await served.wait_status(message["id"], "permanent_failure")
    assert failed["attempts"] == 1 and failed["last_error"].startswith("invalid phone number")
    assert await sms_sim.messages(phone="0951234567") == []


async def test_delivery_reports_need_the_deployment_token(served: Notify) -> None:
    report = {"SMSID": str(uuid.uuid4()), "RequestId": str(uuid.uuid4()), "SendStatus": 5}
    for params in ({}, {"token": "wrong"}):
        refused = await served.client.post("/v1/sms/delivery-reports", params=params, json=report)
        assert refused.status_code == 401 and refused.json()["code"] == "callback_unauthenticated"
    # Known token, unknown message: handled (nothing to change), so the provider stops retrying.
    ignored = await served.client.post(
        "/v1/sms/delivery-reports", params={"token": "dev-sms-dlr-token"}, json=report
    )
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"
    english = await served.client.post(
        "/v1/sms/delivery-reports", json=report, headers={"Accept-Language": "en"}
    )
    assert english.json()["title"] == "Authentication required"


async def test_the_delivery_report_endpoint_is_reachable_as_the_callback_url_says(served: Notify) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{served.base_url}/v1/sms/delivery-reports?token=dev-sms-dlr-token",
            json={"SMSID": "x", "SendStatus": 4},
        )
    assert answer.status_code == 200
