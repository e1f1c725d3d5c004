"""Lookup by SMS (R-LOOK-2): a phone texts "TRACUU <dossier code>" to the short code; the provider
forwards it signed; notify asks intake's public lookup (a real stand-in implementing its contract)
and answers by SMS with the code and the degree of completion only (R-LOOK-1), or "không tìm thấy",
or the help text; forged or repeated callbacks and floods from one sender change nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from servicekit.testing import eventually
from services.notify.tests.service.standins import IntakeStandIn
from services.notify.tests.service.support import Notify, unique_phone
from simulators.sms.provider import mo_signature
from simulators.testing import RunningSmsSimulator

CODE = "000.00.00.G12-261123-0007"
SHORT_CODE = "8079"


@pytest.fixture(scope="module")
def served_settings() -> dict[str, Any]:
    return {"inbound_limit_per_sender": 4}


async def _text(served: Notify, sms_sim: RunningSmsSimulator, phone: str, text: str) -> dict[str, Any]:
    forwarded = await sms_sim.send_inbound(
        phone, SHORT_CODE, text, webhook_url=f"{served.base_url}/v1/sms/inbound"
    )
    assert forwarded.status_code == 200, forwarded.text
    answer: dict[str, Any] = forwarded.json()
    assert answer["webhook_status"] == 200, answer
    return answer["webhook_response"]  # type: ignore[no-any-return]


async def _reply(sms_sim: RunningSmsSimulator, phone: str, count: int = 1) -> str:
    async def replies() -> list[dict[str, Any]] | None:
        found = await sms_sim.messages(phone=phone)
        return found if len(found) >= count else None

    found = await eventually(replies, message=f"{count} reply(ies) to {phone}")
    return str(found[count - 1]["content"])


async def test_a_known_dossier_is_answered_with_its_public_status(
    served: Notify, sms_sim: RunningSmsSimulator, intake: IntakeStandIn
) -> None:
    intake.dossiers[CODE] = {
        "status": "processing",
        "status_label": "Đang giải quyết",
        "appointment_date": "2026-12-04",
    }
    phone = unique_phone()
    answer = await _text(served, sms_sim, phone, f"TRACUU {CODE}")
    assert answer["status"] == "replied" and answer["outcome"] == "found"
    reply = await _reply(sms_sim, phone)
    assert reply == f"Hồ sơ {CODE}: Đang giải quyết. Ngày hẹn trả kết quả: 04/12/2026."
    assert intake.app.state.calls[-1] == CODE
    detail = await served.wait_status(answer["reply_message_id"], "delivered")
    assert detail["template_code"] == "sms.lookup_reply" and detail["address"] == "+84" + phone[1:]


@pytest.mark.parametrize(
    "typed", [f"tra cứu   {CODE.lower()}  ", f"Tra Cuu: {CODE}", f"TRACỨU {CODE}.", f"  tracuu\t{CODE}"]
)
async def test_the_command_is_read_whatever_the_case_diacritics_and_spacing(
    served: Notify, sms_sim: RunningSmsSimulator, intake: IntakeStandIn, typed: str
) -> None:
    intake.dossiers[CODE] = {"status": "resolved", "status_label": "Đã có kết quả", "appointment_date": None}
    phone = unique_phone()
    answer = await _text(served, sms_sim, phone, typed)
    assert answer["outcome"] == "found"
    assert await _reply(sms_sim, phone) == f"Hồ sơ {CODE}: Đã có kết quả."


async def test_an_unknown_code_is_answered_not_found(served: Notify, sms_sim: RunningSmsSimulator) -> None:
    phone = unique_phone()
    answer = await _text(served, sms_sim, phone, "TRACUU 000.00.00.G12-261123-9999")
    assert answer["outcome"] == "not_found"
    reply = await _reply(sms_sim, phone)
    assert reply.startswith("Không tìm thấy hồ sơ 000.00.00.G12-261123-9999.")


async def test_an_unknown_command_is_answered_with_help_in_vietnamese(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    for text in ("Xin chào", "TRACUU", "KT 000.00.00.G12-261123-0007"):
        answer = await _text(served, sms_sim, phone, text)
        assert answer["outcome"] == "help"
    reply = await _reply(sms_sim, phone)
    assert reply.startswith("Để tra cứu hồ sơ, soạn: TRACUU <mã hồ sơ>.")


async def test_intake_unavailable_is_answered_try_later(
    served: Notify, sms_sim: RunningSmsSimulator, intake: IntakeStandIn
) -> None:
    intake.app.state.down = True
    try:
        phone = unique_phone()
        answer = await _text(served, sms_sim, phone, f"TRACUU {CODE}")
    finally:
        intake.app.state.down = False
    assert answer["outcome"] == "unavailable"
    assert "thử lại sau" in await _reply(sms_sim, phone)


async def test_a_sender_flooding_the_short_code_stops_getting_answers(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    outcomes = [
        (await _text(served, sms_sim, phone, f"TRACUU 000.00.00.G12-261123-{n:04d}"))["status"]
        for n in range(6)
    ]
    assert outcomes == ["replied"] * 4 + ["rate_limited"] * 2
    await _reply(sms_sim, phone, 4)
    assert len(await sms_sim.messages(phone=phone)) == 4
    # Another sender is not held back.
    assert (await _text(served, sms_sim, unique_phone(), "TRACUU x"))["status"] == "replied"


async def test_forged_or_repeated_inbound_callbacks_change_nothing(
    served: Notify, sms_sim: RunningSmsSimulator
) -> None:
    phone = unique_phone()
    body = json.dumps(
        {"From": phone, "To": SHORT_CODE, "Text": f"TRACUU {CODE}", "MessageId": str(uuid.uuid4())},
        ensure_ascii=False,
    ).encode()
    headers = {"Content-Type": "application/json"}
    forged = await served.client.post(
        "/v1/sms/inbound", content=body, headers={**headers, "X-Sim-Signature": "0" * 64}
    )
    assert forged.status_code == 401 and forged.json()["code"] == "callback_unauthenticated"
    unsigned = await served.client.post("/v1/sms/inbound", content=body, headers=headers)
    assert unsigned.status_code == 401

    signed = {**headers, "X-Sim-Signature": mo_signature(body, sms_sim.mo_secret)}
    first = await served.client.post("/v1/sms/inbound", content=body, headers=signed)
    again = await served.client.post("/v1/sms/inbound", content=body, headers=signed)
    assert first.json()["status"] == "replied" and again.json()["status"] == "duplicate"
    assert again.json()["reply_message_id"] == first.json()["reply_message_id"]
    await _reply(sms_sim, phone)
    assert len(await sms_sim.messages(phone=phone)) == 1
