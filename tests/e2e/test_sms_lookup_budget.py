"""R-LOOK-2 at scale: notify answers everyone who texts a dossier code by asking intake's public lookup
from its one address. With its own token (client credentials from identity, scope dossiers:lookup)
intake gives it a budget of its own, so the 31st person texting within a minute is answered like the
first, not told the lookup is busy (each phone is still limited by notify itself)."""

from __future__ import annotations

import httpx
from stack import Stack

from servicekit.testing import eventually
from tests.e2e.notify_support import dossier_code, sms_to, unique_phone, wait_sms

pytest_plugins = ["tests.e2e.identity_support"]

PEOPLE = 40  # beyond intake's anonymous limit of 30 lookups per address and minute


async def test_forty_people_texting_within_a_minute_all_get_an_answer(identity_stack: Stack) -> None:
    code = dossier_code()  # nobody's: intake answers 404, notify replies "không tìm thấy"
    phones = [unique_phone() for _ in range(PEOPLE)]
    async with httpx.AsyncClient(base_url=identity_stack.sms_simulator_url, timeout=30) as simulator:
        for phone in phones:
            forwarded = await simulator.post(
                "/simulator/inbound", json={"from": phone, "to": "8079", "text": f"TRACUU {code}"}
            )
            assert forwarded.status_code == 200 and forwarded.json()["webhook_status"] == 200, forwarded.text
            assert forwarded.json()["webhook_response"]["outcome"] == "not_found", forwarded.json()

    async def replies() -> list[str] | None:
        found = [await sms_to(identity_stack, phone) for phone in phones]
        return [messages[0]["content"] for messages in found] if all(found) else None

    for reply in await eventually(replies, timeout=60, message="a reply to every phone"):
        assert reply.startswith(f"Không tìm thấy hồ sơ {code}."), reply


async def test_a_lookup_by_sms_is_answered_by_sms(identity_stack: Stack) -> None:
    stack = identity_stack
    # An unknown code is answered "không tìm thấy" (intake's public lookup says 404), anything else with
    # the help text. In this stack notify asks with its own token: other tests' anonymous lookups from
    # this machine's address (which use up intake's per-address limit) cannot make it "busy". The two replies are sent by separate deliveries, so they may arrive in either order.
    phone = unique_phone()
    async with httpx.AsyncClient(base_url=stack.sms_simulator_url, timeout=15) as simulator:
        for text in ("tra cứu  000.00.00.G12-261123-9999", "Xin chào"):
            forwarded = await simulator.post(
                "/simulator/inbound", json={"from": phone, "to": "8079", "text": text}
            )
            assert forwarded.status_code == 200 and forwarded.json()["webhook_status"] == 200, forwarded.text
    replies = sorted(reply["content"] for reply in await wait_sms(stack, phone, 2))
    assert replies[0].startswith("Không tìm thấy hồ sơ 000.00.00.G12-261123-9999."), replies
    assert replies[1].startswith("Để tra cứu hồ sơ, soạn: TRACUU <mã hồ sơ>."), replies
    assert len(await sms_to(stack, phone)) == 2
