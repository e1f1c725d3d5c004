"""A dossier travels the real path: gateway → intake (rows + outbox) → Kafka → workflow (process instance
and its event) and notify (the applicant's in-app messages), read back through the gateway. The desk
registers the applicant's paper dossier (R-INT-1) and receives it with a code (R-INT-2); R-NOTI-3: the
applicant is notified automatically, in the portal inbox."""

from __future__ import annotations

import uuid

import httpx
import pytest

from servicekit.testing import TokenFactory, eventually
from tests.e2e.support import AGENCY, dossier_body, fetch, file_at_counter, officer, receive

pytestmark = pytest.mark.e2e


async def test_every_process_answers_ready(stack, gateway: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assert (await gateway.get("/readyz")).status_code == 200
    async with httpx.AsyncClient(timeout=10) as client:
        for name in ("identity", "catalog", "intake", "workflow", "notify", "payments"):
            response = await client.get(f"{stack.url(name)}/readyz")
            assert response.status_code == 200, (name, response.text)
            assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_a_received_dossier_reaches_workflow_and_the_applicants_inbox(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    filed = await file_at_counter(gateway, e2e_tokens, citizen)
    assert filed["status"]["value"] == "submitted" and filed["channel"] == "desk"
    dossier = await receive(gateway, e2e_tokens, filed)
    assert dossier["status"]["value"] == "received" and dossier["code"].startswith(f"{AGENCY}-")

    async def inbox() -> list[dict[str, object]]:
        response = await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        return items if len(items) >= 2 else []  # type: ignore[no-any-return]

    items = await eventually(inbox, timeout=60, message="the applicant's inbox messages")
    assert {i["dossier_id"] for i in items} == {dossier["id"]}
    assert "Hồ sơ đã được gửi" in {i["title"] for i in items}

    # The desk of the deciding agency sees the process workflow opened for it.
    desk = officer(e2e_tokens)

    async def opened_process() -> dict[str, object] | None:
        response = await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=desk)
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    await eventually(opened_process, timeout=60, message="workflow's process for the dossier")

    # Nobody else sees the dossier or the messages (R-LOOK-1: authorization on every object).
    stranger = e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    assert (await gateway.get(f"/v1/dossiers/{dossier['id']}", headers=stranger)).status_code == 404
    assert (await gateway.get("/v1/inbox", headers=stranger)).json()["items"] == []
    other_agency = officer(e2e_tokens, "000.00.00.H49")
    assert (await gateway.get(f"/v1/dossiers/{dossier['id']}", headers=other_agency)).status_code == 404
    assert (
        await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=other_agency)
    ).status_code == 404
    assert (
        await gateway.get(f"/v1/dossiers/{dossier['id']}", headers=e2e_tokens.headers(citizen))
    ).status_code == 200

    # The applicant marks a message read (later lifecycle notices may still be arriving meanwhile).
    read = await gateway.post(f"/v1/inbox/{items[0]['id']}/read", headers=e2e_tokens.headers(citizen))
    assert read.status_code == 200 and read.json()["read_at"] is not None

    async def counted() -> bool:
        listing = (await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))).json()["items"]
        unread = (await gateway.get("/v1/inbox/unread-count", headers=e2e_tokens.headers(citizen))).json()
        first = next(i for i in listing if i["id"] == items[0]["id"])
        return first["read_at"] is not None and unread == {
            "unread": sum(1 for i in listing if not i["read_at"])
        }

    await eventually(counted, timeout=30, message="the unread count without the message read")


async def test_retrying_a_draft_with_the_same_idempotency_key_creates_one_dossier(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = e2e_tokens.headers(citizen) | {"Idempotency-Key": "retry-after-network-error"}
    first = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    again = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    assert first.status_code == again.status_code == 201, first.text
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["status"]["value"] == "draft"
    assert first.headers["location"] == f"/v1/dossiers/{first.json()['id']}"
    changed = await gateway.post("/v1/dossiers", json=dossier_body(prefill=False), headers=headers)
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency_key_reused"
    rows = await fetch(stack, "intake", "select id from dossier where applicant_subject = $1", citizen)
    assert len(rows) == 1
