"""Accounts through the API: registration verified by a code (R-ID-1), answers that do not reveal
existing accounts, profile changes with ETag, password change and reset, events without secrets."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from contracts.events import ACCOUNT_REGISTERED, ACCOUNT_UPDATED
from identity.db import tables
from services.identity.tests.service.conftest import Provider
from services.identity.tests.service.test_oidc_flow import auth_params
from services.identity.tests.support import pkce

NEW_PASSWORD = "Mat-khau-moi-2026"


def registration(number: str, phone: str, **extra: object) -> dict[str, object]:
    return {
        "kind": "citizen",
        "so_dinh_danh": number,
        "full_name": "Trần Thị Mới",
        "phone": phone,
        "email": f"{number}@example.vn",
        "address": "Huế",
        "password": "Mat-khau-2026",
        "verification_channel": "sms",
        **extra,
    }


async def outbox_values(provider: Provider, event_type: str) -> list[bytes]:
    async with provider.identity.db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.value).where(tables.outbox.c.event_type == event_type)
        )
        return [r.value for r in rows]


async def test_registration_is_verified_by_a_code_and_emits_an_event_without_secrets(
    provider: Provider,
) -> None:
    number = f"0{uuid.uuid4().int % 10**11:011d}"
    phone = f"09{uuid.uuid4().int % 10**8:08d}"
    started = await provider.client.post("/v1/accounts", json=registration(number, phone))
    assert started.status_code == 202, started.text
    code = provider.otp.latest(phone)
    wrong = await provider.client.post(
        "/v1/accounts/verification",
        json={"verification_id": started.json()["verification_id"], "code": "12345x"},
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "otp_invalid"
    done = await provider.client.post(
        "/v1/accounts/verification", json={"verification_id": started.json()["verification_id"], "code": code}
    )
    assert done.status_code == 200 and done.json()["status"] == "active" and done.json()["phone_verified"]
    values = await outbox_values(provider, ACCOUNT_REGISTERED)
    mine = [v for v in values if done.json()["id"].encode() in v]
    assert len(mine) == 1
    assert code.encode() not in mine[0] and b"Mat-khau" not in mine[0] and b"argon2" not in mine[0]
    # Registering the same personal id again answers exactly like a first registration, sends nothing.
    before = len(provider.otp.deliveries)
    again = await provider.client.post("/v1/accounts", json=registration(number, phone))
    assert again.status_code == 202 and set(again.json()) == set(started.json())
    assert len(provider.otp.deliveries) == before


async def test_registration_refuses_weak_passwords_and_bad_identifiers(provider: Provider) -> None:
    weak = await provider.client.post(
        "/v1/accounts", json=registration("012345678901", "0911111111", password="12345678")
    )
    assert weak.status_code == 422 and weak.json()["code"] == "weak_password"
    bad = await provider.client.post(
        "/v1/accounts", json=registration("12345", "0911111111"), headers={"Accept-Language": "en"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "so_dinh_danh"
    assert bad.json()["title"] == "Validation failed"


async def test_profile_changes_need_if_match_and_emit_account_updated(provider: Provider) -> None:
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        account = await repository.by_username(session, "0101234567")
        assert account is not None
    headers = provider.tokens.headers(account.subject, kind="organisation")
    me = await provider.client.get("/v1/accounts/me", headers=headers)
    assert me.status_code == 200 and me.json()["tax_code"] == "0101234567"
    missing = await provider.client.patch("/v1/accounts/me", json={"address": "Số 9"}, headers=headers)
    assert missing.status_code == 428
    stale = await provider.client.patch(
        "/v1/accounts/me", json={"address": "Số 9"}, headers=headers | {"If-Match": '"999"'}
    )
    assert stale.status_code == 412
    ok = await provider.client.patch(
        "/v1/accounts/me",
        json={"address": "Số 9 Phạm Hùng"},
        headers=headers | {"If-Match": me.headers["ETag"]},
    )
    assert (
        ok.status_code == 200
        and ok.json()["address"] == "Số 9 Phạm Hùng"
        and ok.headers["ETag"] != me.headers["ETag"]
    )
    assert any(account.subject.encode() in v for v in await outbox_values(provider, ACCOUNT_UPDATED))


async def test_password_reset_by_code_then_sign_in_with_the_new_password(provider: Provider) -> None:
    unknown = await provider.client.post("/v1/accounts/password-reset", json={"username": "000000000001"})
    started = await provider.client.post(
        "/v1/accounts/password-reset", json={"username": "qtdanhmuc", "channel": "email"}
    )
    assert unknown.status_code == started.status_code == 202 and set(unknown.json()) == set(started.json())
    code = provider.otp.latest("qtdanhmuc@g12.example.gov.vn")
    confirmed = await provider.client.post(
        "/v1/accounts/password-reset/confirm",
        json={
            "verification_id": started.json()["verification_id"],
            "code": code,
            "new_password": NEW_PASSWORD,
        },
    )
    assert confirmed.status_code == 204, confirmed.text
    browser = provider.browser()
    _, challenge = pkce()
    page = await browser.follow(await browser.authorize(**auth_params(challenge)))
    assert (await browser.login(page, "qtdanhmuc", "MotCua@2026")).status_code == 400
    assert 'name="code"' in (await browser.login(page, "qtdanhmuc", NEW_PASSWORD)).text


async def test_agency_admins_create_officials_only_for_their_agency(provider: Provider) -> None:
    admin = provider.tokens.headers(kind="official", roles=["agency_admin"], agencies=["000.00.00.G12"])
    body = {
        "username": f"cb{uuid.uuid4().hex[:8]}",
        "full_name": "Cán Bộ Mới",
        "agency_code": "000.00.00.G12",
        "roles": ["specialist"],
        "password": "Mat-khau-2026",
        "email": "cbmoi@g12.example.gov.vn",
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    created = await provider.client.post("/v1/accounts/officials", json=body, headers=admin | key)
    assert created.status_code == 201, created.text
    again = await provider.client.post("/v1/accounts/officials", json=body, headers=admin | key)
    assert (
        again.status_code == 201 and again.json()["id"] == created.json()["id"]
    )  # replayed, not created twice
    other = await provider.client.post(
        "/v1/accounts/officials",
        json=body | {"username": "cbkhac", "agency_code": "000.00.00.H49"},
        headers=admin,
    )
    assert other.status_code == 403
    citizen = provider.tokens.headers(kind="citizen")
    assert (
        await provider.client.post("/v1/accounts/officials", json=body, headers=citizen)
    ).status_code == 403
    deactivated = await provider.client.post(f"/v1/accounts/{created.json()['id']}/deactivate", headers=admin)
    assert deactivated.status_code == 200 and deactivated.json()["status"] == "deactivated"
    # Workflow offers officials for assignment from these events (R-PROC-2): agency, unit, roles, active.
    subject = created.json()["id"].encode()
    [registered] = [json.loads(v) for v in await outbox_values(provider, ACCOUNT_REGISTERED) if subject in v]
    assert (registered["kind"], registered["agencies"], registered["roles"]) == (
        "official",
        ["000.00.00.G12"],
        ["specialist"],
    )
    [updated] = [json.loads(v) for v in await outbox_values(provider, ACCOUNT_UPDATED) if subject in v]
    assert updated["active"] is False and updated["agencies"] == ["000.00.00.G12"]


async def test_password_change_needs_the_current_password(provider: Provider) -> None:
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        account = await repository.by_username(session, "lanhdao")
        assert account is not None
    headers = provider.tokens.headers(account.subject, kind="official", roles=["agency_leader"])
    wrong = await provider.client.post(
        "/v1/accounts/me/password",
        json={"current_password": "not-it-1234", "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_credentials"
    weak = await provider.client.post(
        "/v1/accounts/me/password",
        json={"current_password": "MotCua@2026", "new_password": "short"},
        headers=headers,
    )
    assert weak.status_code == 422 and weak.json()["code"] == "weak_password"
    ok = await provider.client.post(
        "/v1/accounts/me/password",
        json={"current_password": "MotCua@2026", "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert ok.status_code == 204
    browser = provider.browser()
    _, challenge = pkce()
    page = await browser.follow(await browser.authorize(**auth_params(challenge)))
    assert 'name="code"' in (await browser.login(page, "lanhdao", NEW_PASSWORD)).text
