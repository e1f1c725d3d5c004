"""Webhook subscriptions through the API: for ministry systems and agency/system administrators only,
limited to the agencies they serve, validated, the secret shown once (never again, not even on an
idempotent replay), changed with If-Match, listed page by page."""

from __future__ import annotations

import uuid
from typing import Any

from services.notify.tests.service.support import AGENCY, Notify, system_client

RECEIVED = "vn.motcua.dossier.received.v1"
TARGET = "http://127.0.0.1:9/hooks"


def _body(**overrides: Any) -> dict[str, Any]:
    return {"target_url": TARGET, "event_types": [RECEIVED], **overrides}


async def test_only_systems_and_agency_or_system_administrators_manage_webhooks(notify: Notify) -> None:
    citizen = notify.tokens.headers(f"citizen-{uuid.uuid4()}")
    officer = notify.tokens.headers(kind="official", roles=["reception_officer"], agencies=[AGENCY])
    for headers in (citizen, officer):
        refused = await notify.client.post("/v1/webhooks", json=_body(), headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
        assert (await notify.client.get("/v1/webhooks", headers=headers)).status_code == 403
    assert (await notify.client.get("/v1/webhooks")).status_code == 401
    agency_admin = notify.tokens.headers(kind="official", roles=["agency_admin"], agencies=[AGENCY])
    for headers in (agency_admin, system_client(notify.tokens, agencies=[AGENCY])):
        assert (await notify.client.post("/v1/webhooks", json=_body(), headers=headers)).status_code == 201


async def test_the_secret_is_shown_once_and_a_replay_does_not_show_it_again(notify: Notify) -> None:
    owner = system_client(notify.tokens, agencies=[AGENCY]) | {"Idempotency-Key": str(uuid.uuid4())}
    created = await notify.client.post("/v1/webhooks", json=_body(description="Bộ Tư pháp"), headers=owner)
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert body["secret_hint"] == f"whsec_…{secret[-4:]}" and body["agency_codes"] == [AGENCY]
    assert created.headers["location"] == f"/v1/webhooks/{body['id']}"

    replay = await notify.client.post("/v1/webhooks", json=_body(description="Bộ Tư pháp"), headers=owner)
    assert replay.status_code == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.json()["id"] == body["id"] and replay.json()["secret"] is None
    read = await notify.client.get(f"/v1/webhooks/{body['id']}", headers=owner)
    assert read.status_code == 200 and "secret" not in read.json() and secret not in read.text
    listed = await notify.client.get("/v1/webhooks", headers=owner)
    assert secret not in listed.text

    rotated = await notify.client.post(f"/v1/webhooks/{body['id']}/secret", headers=owner)
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (None, secret)
    assert rotated.headers["etag"] != read.headers["etag"]


async def test_subscriptions_are_validated_with_one_error_per_field(notify: Notify) -> None:
    owner = system_client(notify.tokens, agencies=[AGENCY])
    invalid = await notify.client.post(
        "/v1/webhooks",
        json=_body(
            target_url="ftp://user:pw@example.vn/x",
            event_types=[RECEIVED, "vn.motcua.account.registered.v1", "nonsense"],
            agency_codes=["000.00.00.H49"],
        ),
        headers=owner,
    )
    assert invalid.status_code == 422
    problem = invalid.json()
    assert problem["code"] == "webhook_invalid" and problem["title"] == "Đăng ký webhook không hợp lệ"
    errors = {e["field"]: e for e in problem["errors"]}
    assert errors["target_url"]["code"] == "url_invalid"
    assert errors["event_types"]["code"] == "unknown_event_type"
    assert (
        "nonsense" in errors["event_types"]["message"]
        and "account.registered" in errors["event_types"]["message"]
    )
    assert errors["agency_codes"]["code"] == "agency_not_served"

    no_agency = await notify.client.post(
        "/v1/webhooks", json=_body(), headers={**system_client(notify.tokens), "Accept-Language": "en"}
    )
    assert no_agency.status_code == 422 and no_agency.json()["title"] == "Invalid webhook subscription"
    assert no_agency.json()["errors"][0]["code"] == "agency_required"
    empty = await notify.client.post("/v1/webhooks", json=_body(event_types=[]), headers=owner)
    assert empty.status_code == 422 and empty.json()["code"] == "validation_failed"


async def test_only_a_system_administrator_subscribes_to_every_agency(notify: Notify) -> None:
    admin = notify.tokens.headers(kind="official", roles=["system_admin"])
    everything = await notify.client.post("/v1/webhooks", json=_body(), headers=admin)
    assert everything.status_code == 201 and everything.json()["agency_codes"] == []
    other = await notify.client.post(
        "/v1/webhooks", json=_body(agency_codes=["000.00.00.H49"]), headers=admin
    )
    assert other.status_code == 201
    # The system administrator sees everyone's subscriptions; a system client only its own.
    client = system_client(notify.tokens, agencies=[AGENCY])
    mine = await notify.client.post("/v1/webhooks", json=_body(), headers=client)
    own_list = (await notify.client.get("/v1/webhooks", headers=client)).json()["items"]
    assert [s["id"] for s in own_list] == [mine.json()["id"]]
    assert (
        await notify.client.get(f"/v1/webhooks/{everything.json()['id']}", headers=client)
    ).status_code == 404
    seen = (await notify.client.get("/v1/webhooks", params={"limit": 100}, headers=admin)).json()["items"]
    assert {everything.json()["id"], mine.json()["id"]} <= {s["id"] for s in seen}


async def test_changes_need_the_current_etag_and_lists_are_cursor_paginated(notify: Notify) -> None:
    owner = system_client(notify.tokens, agencies=[AGENCY])
    ids = []
    for n in range(5):
        created = await notify.client.post("/v1/webhooks", json=_body(description=f"#{n}"), headers=owner)
        ids.append(created.json()["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await notify.client.get("/v1/webhooks", params=params, headers=owner)).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))

    target = ids[0]
    missing = await notify.client.patch(f"/v1/webhooks/{target}", json={"active": False}, headers=owner)
    assert missing.status_code == 428
    etag = (await notify.client.get(f"/v1/webhooks/{target}", headers=owner)).headers["etag"]
    changed = await notify.client.patch(
        f"/v1/webhooks/{target}",
        json={"active": False, "target_url": "https://bo.example.vn/hooks"},
        headers={**owner, "If-Match": etag},
    )
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert changed.json()["target_url"] == "https://bo.example.vn/hooks"
    stale = await notify.client.patch(
        f"/v1/webhooks/{target}", json={"active": True}, headers={**owner, "If-Match": etag}
    )
    assert stale.status_code == 412
    deleted = await notify.client.delete(f"/v1/webhooks/{target}", headers=owner)
    assert deleted.status_code == 204
    gone = await notify.client.get(f"/v1/webhooks/{target}", headers=owner)
    assert gone.status_code == 404 and gone.json()["code"] == "webhook_not_found"


async def test_the_event_types_on_offer_are_the_contracts_dossier_and_payment_events(notify: Notify) -> None:
    owner = system_client(notify.tokens, agencies=[AGENCY])
    page = (await notify.client.get("/v1/webhooks/event-types", params={"limit": 100}, headers=owner)).json()
    types = {t["type"] for t in page["items"]}
    assert RECEIVED in types and "vn.motcua.payment.requested.v1" in types
    assert not [t for t in types if "account" in t or "message" in t]
