"""Issue 3, done when #3 — faults, on the whole stack: the SMTP server down for a while, a webhook
receiver failing then recovering, and duplicated events; every notice is retried, never lost, and
delivered exactly once. Notify runs here with retries in tenths of a second (restored afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contracts.events import DOSSIER_RECEIVED
from servicekit.testing import TokenFactory, eventually
from tests.e2e.notify_support import (
    admin,
    emit,
    mails_to,
    reception,
    register_citizen,
    running_receiver,
    sms_to,
    subscribe,
    unique_email,
    unique_phone,
)

pytestmark = pytest.mark.e2e

FAST_RETRIES = {
    "NOTIFY_RETRY_BASE_SECONDS": "0.3",
    "NOTIFY_RETRY_MAX_DELAY_SECONDS": "1",
    "NOTIFY_RETRY_JITTER": "0",
    "NOTIFY_RETRY_MAX_ATTEMPTS": "100",
    "NOTIFY_DISPATCH_POLL_SECONDS": "0.5",
}

RECEIPTS = {"template_code": "dossier.received"}


@pytest.fixture(scope="module")
def fast_notify(stack) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    saved = dict(stack.extra_env)
    stack.extra_env.update(FAST_RETRIES)
    stack.start_process("notify")
    try:
        yield stack
    finally:
        stack.extra_env.clear()
        stack.extra_env.update(saved)
        stack.start_process("notify")


async def _messages(gateway: httpx.AsyncClient, tokens: TokenFactory, **filters: str) -> list[dict[str, Any]]:
    answer = await gateway.get("/v1/messages", params={"limit": 100, **filters}, headers=admin(tokens))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def _detail(gateway: httpx.AsyncClient, tokens: TokenFactory, message_id: str) -> dict[str, Any]:
    answer = await gateway.get(f"/v1/messages/{message_id}", headers=admin(tokens))
    detail: dict[str, Any] = answer.json()
    return detail


async def _mail_sink_fault(stack: Any, mode: str) -> None:
    async with httpx.AsyncClient(base_url=stack.mail_sink_url, timeout=10) as client:
        (await client.post("/simulator/faults", json={"mode": mode})).raise_for_status()


async def test_an_smtp_outage_delays_emails_which_are_then_sent_once_each(
    fast_notify,  # type: ignore[no-untyped-def]
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,
) -> None:
    stack = fast_notify
    email = unique_email()
    citizen = await register_citizen(stack, e2e_tokens, email=email, phone=None)
    await _mail_sink_fault(stack, "down")
    try:
        events = [reception(citizen) for _ in range(2)]
        for event in events:
            await emit(stack, DOSSIER_RECEIVED, event, key=str(event.dossier_id))

        # Workflow starts processing on each reception, and its notices queue up too: count receipts.
        async def failing() -> list[dict[str, Any]] | None:
            found = await _messages(gateway, e2e_tokens, recipient=citizen, channel="email", **RECEIPTS)
            details = [await _detail(gateway, e2e_tokens, m["id"]) for m in found]
            retried = [d for d in details if d["attempts"] >= 3 and d["status"] != "delivered"]
            return details if len(retried) == 2 else None

        details = await eventually(failing, timeout=60, message="both emails retried during the outage")
        assert all(a["outcome"] in ("temporary_failure", None) for d in details for a in d["attempt_log"])
        assert await mails_to(stack, email) == []
    finally:
        await _mail_sink_fault(stack, "ok")

    async def delivered() -> bool:
        found = await _messages(
            gateway, e2e_tokens, recipient=citizen, channel="email", status="delivered", **RECEIPTS
        )
        return len(found) == 2

    await eventually(delivered, timeout=30, message="both emails delivered")
    receipts = [m["subject"] for m in await mails_to(stack, email) if "đã được tiếp nhận" in m["subject"]]
    assert sorted(receipts) == sorted(f"Hồ sơ {e.dossier_code} đã được tiếp nhận" for e in events)


async def test_a_failing_webhook_receiver_gets_every_event_once_when_it_recovers(
    fast_notify,  # type: ignore[no-untyped-def]
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,
) -> None:
    stack = fast_notify
    async with running_receiver() as receiver:
        receiver.status = 500
        subscription = await subscribe(gateway, e2e_tokens, receiver, ["vn.motcua.dossier.received.v1"])
        citizen = f"citizen-{receiver.base_url[-5:]}"
        events = [reception(citizen) for _ in range(2)]
        ids = [(await emit(stack, DOSSIER_RECEIVED, e, key=str(e.dossier_id))).id for e in events]

        async def failed_often() -> bool:
            return len(receiver.deliveries) >= 6

        await eventually(failed_often, timeout=60, message="the failing receiver tried again and again")
        assert receiver.accepted() == []
        receiver.status = 200

        async def recovered() -> bool:
            return len(receiver.accepted()) == 2

        await eventually(recovered, timeout=30, message="both events delivered after recovery")
        assert sorted(d.event["id"] for d in receiver.accepted()) == sorted(ids)
        listed = await gateway.get(f"/v1/webhooks/{subscription}/deliveries", headers=admin(e2e_tokens))
        assert {d["status"] for d in listed.json()["items"]} == {"delivered"}
        assert all(d["attempts"] >= 3 for d in listed.json()["items"])


async def test_duplicated_events_are_delivered_once_on_every_channel(
    fast_notify,  # type: ignore[no-untyped-def]
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,
) -> None:
    stack = fast_notify
    email, phone = unique_email(), unique_phone()
    citizen = await register_citizen(stack, e2e_tokens, email=email, phone=phone)
    async with running_receiver() as receiver:
        await subscribe(gateway, e2e_tokens, receiver, ["vn.motcua.dossier.received.v1"])
        event = reception(citizen)
        key = str(event.dossier_id)
        first = await emit(stack, DOSSIER_RECEIVED, event, key=key)
        for _ in range(2):
            await emit(stack, DOSSIER_RECEIVED, event, key=key, event_id=first.id)
        # A later event on the same key proves the duplicates were consumed before it.
        marker = reception(citizen, dossier_id=event.dossier_id)
        await emit(stack, DOSSIER_RECEIVED, marker, key=key)

        # Each reception also starts workflow's processing, whose notices arrive beside the receipts.
        def receipts(texts: list[str]) -> list[str]:
            return [t for t in texts if "đã được tiếp nhận" in t]

        async def all_channels() -> bool:
            mails = receipts([m["subject"] for m in await mails_to(stack, email)])
            sms = receipts([m["content"] for m in await sms_to(stack, phone)])
            inbox = await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))
            titles = receipts([e["title"] for e in inbox.json()["items"]])
            return len(mails) == len(sms) == len(titles) == 2 and len(receiver.accepted()) == 2

        await eventually(all_channels, timeout=30, message="the marker delivered on every channel")
        code = event.dossier_code
        assert (
            len([s for s in receipts([m["subject"] for m in await mails_to(stack, email)]) if code in s]) == 1
        )
        assert (
            len([t for t in receipts([m["content"] for m in await sms_to(stack, phone)]) if code in t]) == 1
        )
        assert [d.event["id"] for d in receiver.accepted()].count(first.id) == 1
        messages = await _messages(gateway, e2e_tokens, recipient=citizen, **RECEIPTS)
        assert len([m for m in messages if m["channel"] != "webhook"]) == 6  # 2 events × 3 channels
