"""A dossier travels the real path: gateway → intake (row + outbox) → Kafka → workflow (process
instance + its event) → Kafka → notify (the applicant's in-app message), read back through the gateway.
R-NOTI-3: the applicant is notified automatically, in the portal inbox."""

from __future__ import annotations

import uuid

import httpx
import pytest

from servicekit.testing import TokenFactory, eventually
from tests.e2e.support import AGENCY, dossier_body, fetch

pytestmark = pytest.mark.e2e


async def test_every_process_answers_ready(stack, gateway: httpx.AsyncClient) -> None:  # type: ignore[no-untyped-def]
    assert (await gateway.get("/readyz")).status_code == 200
    async with httpx.AsyncClient(timeout=10) as client:
        for name in ("identity", "catalog", "intake", "workflow", "notify", "payments"):
            response = await client.get(f"{stack.url(name)}/readyz")
            assert response.status_code == 200, (name, response.text)
            assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_submitted_dossier_reaches_the_applicants_inbox(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = e2e_tokens.headers(citizen) | {"Idempotency-Key": str(uuid.uuid4())}
    created = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    assert created.status_code == 201, created.text
    dossier = created.json()
    assert dossier["status"] == "submitted"
    assert created.headers["location"] == f"/v1/dossiers/{dossier['id']}"

    async def inbox() -> list[dict[str, object]]:
        response = await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))
        assert response.status_code == 200, response.text
        return response.json()["items"]  # type: ignore[no-any-return]

    items = await eventually(inbox, timeout=60, message="the applicant's inbox message")
    assert len(items) == 1
    assert items[0]["dossier_id"] == dossier["id"]
    assert items[0]["title"] == "Hồ sơ đã được gửi"
    unread = await gateway.get("/v1/inbox/unread-count", headers=e2e_tokens.headers(citizen))
    assert unread.json() == {"unread": 1}

    # The desk of the deciding agency sees the process workflow opened for it.
    official = e2e_tokens.headers(kind="official", roles=["reception_officer"], agencies=[AGENCY])
    process = await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=official)
    assert process.status_code == 200, process.text
    assert process.json()["stage"] == "awaiting_reception"

    # Nobody else sees the dossier or the message (R-LOOK-1: authorization on every object).
    stranger = e2e_tokens.headers(f"citizen-{uuid.uuid4()}")
    assert (await gateway.get(f"/v1/dossiers/{dossier['id']}", headers=stranger)).status_code == 404
    assert (await gateway.get("/v1/inbox", headers=stranger)).json()["items"] == []
    other_agency = e2e_tokens.headers(
        kind="official", roles=["reception_officer"], agencies=["000.00.00.H49"]
    )
    assert (
        await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=other_agency)
    ).status_code == 404

    # The applicant marks it read.
    read = await gateway.post(f"/v1/inbox/{items[0]['id']}/read", headers=e2e_tokens.headers(citizen))
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = await gateway.get("/v1/inbox/unread-count", headers=e2e_tokens.headers(citizen))
    assert unread.json() == {"unread": 0}


async def test_resubmitting_with_the_same_idempotency_key_files_one_dossier(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    headers = e2e_tokens.headers(citizen) | {"Idempotency-Key": "retry-after-network-error"}
    first = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    again = await gateway.post("/v1/dossiers", json=dossier_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    changed = await gateway.post("/v1/dossiers", json=dossier_body(procedure_version=2), headers=headers)
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency_key_reused"
    rows = await fetch(stack, "intake", "select id from dossier where applicant_subject = $1", citizen)
    assert len(rows) == 1
