"""The SMS simulator through its real HTTP API: sending, delivery reports, faults, inbound messages."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from simulators.sms.app import create_app
from simulators.sms.settings import DEV_API_KEY, SmsSimSettings
from simulators.testing import RunningSmsSimulator, eventually, run_sms_simulator
from simulators.tests.conftest import Receiver

PHONE = "0912345678"


def payload(sim: RunningSmsSimulator, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ApiKey": sim.api_key,
        "SecretKey": sim.secret_key,
        "Phone": PHONE,
        "Content": "Hồ sơ 000.00.00.G12-261123-0007 đã được tiếp nhận.",
        "Brandname": "MOTCUA",
        "SmsType": "2",
        "IsUnicode": "1",
        "RequestId": str(uuid.uuid4()),
        "CallbackUrl": "",
        "Sandbox": "0",
    }
    body.update(fields)
    return body


async def send(sim: RunningSmsSimulator, **fields: Any) -> httpx.Response:
    return await sim.client.post(sim.send_url, json=payload(sim, **fields))


async def test_an_accepted_message_gets_an_smsid_and_is_listed(sms: RunningSmsSimulator) -> None:
    request_id = str(uuid.uuid4())
    response = await send(sms, RequestId=request_id)
    assert response.status_code == 200
    body = response.json()
    assert body["CodeResult"] == "100"
    assert body["ErrorMessage"] == ""
    uuid.UUID(body["SMSID"])

    [listed] = await sms.messages(phone="+84912345678")
    assert listed["id"] == body["SMSID"]
    assert listed["phone"] == PHONE
    assert listed["content"] == "Hồ sơ 000.00.00.G12-261123-0007 đã được tiếp nhận."
    assert listed["brandname"] == "MOTCUA"
    assert listed["request_id"] == request_id
    assert listed["is_unicode"] is True
    datetime.fromisoformat(listed["received_at"])
    delivered = await sms.wait_for_message(phone=PHONE, predicate=lambda m: m["dlr_status"] != "pending")
    assert delivered["dlr_status"] == "delivered"
    assert delivered["send_status"] == 5


async def test_numbers_sent_as_integers_and_the_path_without_its_slash_are_accepted(
    sms: RunningSmsSimulator,
) -> None:
    body = payload(sms, SmsType=2, IsUnicode=1, Sandbox=0)
    response = await sms.client.post(sms.send_url.rstrip("/"), json=body)
    assert response.json()["CodeResult"] == "100"


async def test_same_request_id_answers_the_same_smsid_once(sms: RunningSmsSimulator) -> None:
    first = await send(sms, RequestId="notify-delivery-42")
    again = await send(sms, RequestId="notify-delivery-42")
    assert first.json()["CodeResult"] == again.json()["CodeResult"] == "100"
    assert first.json()["SMSID"] == again.json()["SMSID"]
    assert len(await sms.messages()) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ApiKey": "wrong"}, "101"),
        ({"SecretKey": "wrong"}, "101"),
        ({"SmsType": "1"}, "118"),
        ({"Brandname": ""}, "104"),
        ({"Phone": "0241234567"}, "105"),
        ({"Phone": "091234567"}, "105"),
        ({"Content": "   "}, "106"),
        ({"Content": "ồ" * 202}, "106"),
        ({"Content": "a" * 460, "IsUnicode": "0"}, "106"),
        ({"Content": "Hồ sơ đã được tiếp nhận", "IsUnicode": "0"}, "107"),
        ({"CallbackUrl": "ftp://example.vn/dlr"}, "108"),
        ({"IsUnicode": "yes"}, "108"),
        ({"Phone": ["0912345678"]}, "108"),
    ],
)
async def test_invalid_requests_get_an_error_code_and_are_not_listed(
    sms: RunningSmsSimulator, fields: dict[str, Any], code: str
) -> None:
    response = await send(sms, **fields)
    assert response.status_code == 200
    body = response.json()
    assert body["CodeResult"] == code, body
    assert body["SMSID"] == ""
    assert body["ErrorMessage"]
    assert await sms.messages() == []


async def test_a_body_that_is_not_json_is_a_malformed_request(sms: RunningSmsSimulator) -> None:
    response = await sms.client.post(sms.send_url, content=b"ApiKey=x&Phone=0912345678")
    assert response.json()["CodeResult"] == "108"


async def test_longest_unicode_message_is_three_parts(sms: RunningSmsSimulator) -> None:
    response = await send(sms, Content="ồ" * 201)
    assert response.json()["CodeResult"] == "100"
    [listed] = await sms.messages()
    assert listed["segments"] == 3


async def test_registered_brandnames_are_enforced_when_configured() -> None:
    async with run_sms_simulator(brandnames=frozenset({"UBND-HN"})) as sim:
        assert (await send(sim, Brandname="MOTCUA")).json()["CodeResult"] == "104"
        assert (await send(sim, Brandname="UBND-HN")).json()["CodeResult"] == "100"


async def test_delivery_report_reaches_the_callback_url(sms: RunningSmsSimulator, receiver: Receiver) -> None:
    response = await send(sms, RequestId="req-dlr-1", CallbackUrl=receiver.base_url + "/dlr")
    sms_id = response.json()["SMSID"]

    [report] = await eventually(lambda: receiver.on("/dlr"), what="a DLR")
    assert report.json() | {"SendTime": None} == {
        "SMSID": sms_id,
        "RequestId": "req-dlr-1",
        "Phone": PHONE,
        "SendStatus": 5,
        "SendTime": None,
    }
    assert datetime.fromisoformat(report.json()["SendTime"]).utcoffset() is not None
    listed = await sms.wait_for_message(predicate=lambda m: m["callback_status"] == "sent")
    assert listed["callback_attempts"] == 1


async def test_a_failing_callback_is_retried(sms: RunningSmsSimulator, receiver: Receiver) -> None:
    receiver.fail_next = 2
    await send(sms, CallbackUrl=receiver.base_url + "/dlr")
    listed = await sms.wait_for_message(predicate=lambda m: m["callback_status"] == "sent")
    assert listed["callback_attempts"] == 3
    assert len(receiver.on("/dlr")) == 3


async def test_a_callback_that_never_answers_is_given_up(receiver: Receiver) -> None:
    async with run_sms_simulator(dlr_attempts=2) as sim:
        receiver.fail_next = 5
        await send(sim, CallbackUrl=receiver.base_url + "/dlr")
        listed = await sim.wait_for_message(predicate=lambda m: m["callback_status"] == "failed")
        assert listed["callback_attempts"] == 2
        assert listed["dlr_status"] == "delivered"  # the phone got it; only the report was lost


# ---------------------------------------------------------------------- faults


async def test_unavailable_answers_503_for_count_requests_then_recovers(sms: RunningSmsSimulator) -> None:
    await sms.set_fault("unavailable", count=2)
    assert (await send(sms)).status_code == 503
    assert (await send(sms)).status_code == 503
    recovered = await send(sms)
    assert recovered.json()["CodeResult"] == "100"
    assert len(await sms.messages()) == 1
    assert (await sms.client.get("/simulator/faults")).json()["mode"] == "ok"


async def test_reject_is_a_temporary_error_99(sms: RunningSmsSimulator) -> None:
    await sms.set_fault("reject")
    assert (await send(sms)).json()["CodeResult"] == "99"
    assert (await send(sms)).json()["CodeResult"] == "99"
    await sms.clear_faults()
    assert (await send(sms)).json()["CodeResult"] == "100"


async def test_faults_can_target_some_phones(sms: RunningSmsSimulator) -> None:
    await sms.set_fault("unavailable", phones=["84987654321"])
    assert (await send(sms, Phone="0987654321")).status_code == 503
    assert (await send(sms, Phone=PHONE)).json()["CodeResult"] == "100"


async def test_timeout_holds_the_answer_but_the_message_is_accepted(sms: RunningSmsSimulator) -> None:
    await sms.set_fault("timeout", count=1, delay=5)
    body = payload(sms, RequestId="req-timeout")
    with pytest.raises(httpx.ReadTimeout):
        await sms.client.post(sms.send_url, json=body, timeout=0.3)
    # The client cannot know whether it was sent; retrying with the same RequestId is safe.
    retried = await sms.client.post(sms.send_url, json=body)
    assert retried.json()["CodeResult"] == "100"
    [listed] = await sms.messages()
    assert listed["id"] == retried.json()["SMSID"]


async def test_undeliverable_accepts_then_reports_failure(
    sms: RunningSmsSimulator, receiver: Receiver
) -> None:
    await sms.set_fault("undeliverable", count=1, send_status=6)
    failed = await send(sms, CallbackUrl=receiver.base_url + "/dlr")
    ok = await send(sms, CallbackUrl=receiver.base_url + "/dlr")
    assert failed.json()["CodeResult"] == ok.json()["CodeResult"] == "100"

    reports = await eventually(lambda: len(receiver.on("/dlr")) == 2 and receiver.on("/dlr"), what="two DLRs")
    by_id = {r.json()["SMSID"]: r.json()["SendStatus"] for r in reports}
    assert by_id == {failed.json()["SMSID"]: 6, ok.json()["SMSID"]: 5}
    listed = {m["id"]: m["dlr_status"] for m in await sms.messages()}
    assert listed == {failed.json()["SMSID"]: "failed", ok.json()["SMSID"]: "delivered"}


async def test_invalid_fault_requests_are_refused(sms: RunningSmsSimulator) -> None:
    assert (await sms.client.post("/simulator/faults", json={"mode": "explode"})).status_code == 422
    assert (
        await sms.client.post("/simulator/faults", json={"mode": "reject", "count": 0})
    ).status_code == 422
    bad_phone = await sms.client.post("/simulator/faults", json={"mode": "reject", "phones": ["12"]})
    assert bad_phone.status_code == 422


# ---------------------------------------------------------------------- inspection


async def test_messages_filter_by_since_and_can_be_cleared(sms: RunningSmsSimulator) -> None:
    await send(sms, Phone="0912345678")
    [first] = await sms.messages()
    await send(sms, Phone="0987654321")
    later = await sms.messages(since=first["received_at"])
    assert [m["phone"] for m in later] == ["0912345678", "0987654321"]
    assert [m["phone"] for m in await sms.messages(phone="84987654321")] == ["0987654321"]
    detail = await sms.client.get(f"/simulator/messages/{first['id']}")
    assert detail.json()["id"] == first["id"]
    await sms.clear_messages()
    assert await sms.messages() == []
    assert (await sms.client.get(f"/simulator/messages/{first['id']}")).status_code == 404


async def test_the_store_keeps_only_the_newest_messages() -> None:
    async with run_sms_simulator(max_messages=2) as sim:
        for n in range(3):
            await send(sim, RequestId=f"r{n}")
        assert [m["request_id"] for m in await sim.messages()] == ["r1", "r2"]
        # An evicted RequestId is new again.
        assert (await send(sim, RequestId="r0")).json()["CodeResult"] == "100"
        assert [m["request_id"] for m in await sim.messages()] == ["r2", "r0"]


# ---------------------------------------------------------------------- inbound (MO)


async def test_inbound_message_is_forwarded_signed_and_the_webhook_answer_returned(
    sms: RunningSmsSimulator, receiver: Receiver
) -> None:
    response = await sms.send_inbound("0912345678", "8079", "TRACUU 000.00.00.G12-261123-0007")
    assert response.status_code == 200
    result = response.json()
    assert result["webhook_status"] == 200
    assert result["webhook_response"] == {"reply": "Đã nhận"}

    [call] = receiver.on("/v1/sms/inbound")
    expected = hmac.new(b"test-mo", call.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(call.headers["x-sim-signature"], expected)
    body = json.loads(call.body)
    assert body["From"] == "0912345678"
    assert body["To"] == "8079"
    assert body["Text"] == "TRACUU 000.00.00.G12-261123-0007"
    assert body["MessageId"] == result["message_id"]
    datetime.fromisoformat(body["ReceivedAt"])
    [listed] = (await sms.client.get("/simulator/inbound")).json()
    assert listed["webhook_status"] == 200


async def test_a_reply_sent_back_appears_with_the_phones_messages(sms: RunningSmsSimulator) -> None:
    await sms.send_inbound("0912345678", "8079", "TRACUU 000.00.00.G12-261123-0007")
    # The platform answers through the send API, as it would with the real provider.
    await send(sms, Phone="84912345678", Content="Ho so 000.00.00.G12-261123-0007: dang xu ly", IsUnicode="0")
    [reply] = await sms.messages(phone="0912345678")
    assert reply["content"].startswith("Ho so 000.00.00.G12-261123-0007")


async def test_inbound_without_a_reachable_webhook_is_a_502(receiver: Receiver) -> None:
    async with run_sms_simulator() as sim:
        no_webhook = await sim.send_inbound("0912345678", "8079", "TRACUU")
        assert no_webhook.status_code == 502
        closed = await sim.send_inbound("0912345678", "8079", "TRACUU", webhook_url="http://127.0.0.1:9/")
        assert closed.status_code == 502
        bad_sender = await sim.send_inbound("12345", "8079", "TRACUU", webhook_url=receiver.base_url)
        assert bad_sender.status_code == 422


# ---------------------------------------------------------------------- settings and app


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_SIM_API_KEY", "k")
    monkeypatch.setenv("SMS_SIM_SECRET_KEY", "s")
    monkeypatch.setenv("SMS_SIM_MO_WEBHOOK_URL", "http://127.0.0.1:8005/v1/sms/inbound")
    monkeypatch.setenv("SMS_SIM_MO_SECRET", "m")
    monkeypatch.setenv("SMS_SIM_DLR_DELAY", "1.5")
    monkeypatch.setenv("SMS_SIM_BRANDNAMES", "A, B")
    settings = SmsSimSettings.from_env()
    assert (settings.api_key, settings.secret_key, settings.mo_secret) == ("k", "s", "m")
    assert settings.mo_webhook_url == "http://127.0.0.1:8005/v1/sms/inbound"
    assert settings.dlr_delay == 1.5
    assert settings.brandnames == {"A", "B"}
    assert not settings.uses_development_keys
    monkeypatch.delenv("SMS_SIM_API_KEY")
    assert SmsSimSettings.from_env().api_key == DEV_API_KEY


async def test_health_and_readiness() -> None:
    app = create_app(SmsSimSettings())
    async with run_sms_simulator() as sim:
        assert (await sim.client.get("/healthz")).status_code == 200
        assert (await sim.client.get("/readyz")).status_code == 200
    assert app.title == "SMS provider simulator"


async def test_pending_delivery_reports_are_cancelled_on_shutdown(receiver: Receiver) -> None:
    async with run_sms_simulator(dlr_delay=30) as sim:
        await send(sim, CallbackUrl=receiver.base_url + "/dlr")
        t0 = asyncio.get_running_loop().time()
    assert asyncio.get_running_loop().time() - t0 < 5
    assert receiver.on("/dlr") == []
