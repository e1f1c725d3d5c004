"""R-LOOK-2 at scale: notify answers everyone who texts a dossier code by asking intake's public lookup
from its one address. With its own token (client credentials from identity, scope dossiers:lookup)
intake gives it a budget of its own, so the 31st person texting within a minute is answered like the
first, not told the lookup is busy (each phone is still limited by notify itself)."""

from __future__ import annotations

import httpx
from stack import Stack

from servicekit.testing import eventually
from tests.e2e.notify_support import dossier_code, sms_to, unique_phone

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
