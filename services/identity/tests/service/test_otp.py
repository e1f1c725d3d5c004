"""One-time codes: second factor for officials (email code, TOTP), step-up raising acr, the intake
confirmation endpoint (R-ID-3), attempt and send limits, cool-down, expiry, delivery failures,
and codes that never reach a log."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import update

from identity.otp.models import OtpChallenge
from identity.seed import DEMO_TOTP_SECRET
from servicekit.db import utcnow
from services.identity.tests.service.conftest import Provider
from services.identity.tests.service.test_oidc_flow import (
    CITIZEN,
    PASSWORD,
    REDIRECT,
    auth_params,
    claims_of,
    exchange,
)
from services.identity.tests.support import Browser, form_fields, pkce, query_of

AN = {"phone": "0912345678", "email": "an.nguyen@example.vn"}


async def start(browser: Browser, challenge: str, username: str, **extra: str):  # type: ignore[no-untyped-def]
    page = await browser.follow(await browser.authorize(**auth_params(challenge, **extra)))
    return await browser.login(page, username, PASSWORD)


async def test_an_official_signs_in_with_an_emailed_code_and_gets_roles_and_agency(
    provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = provider.browser()
    verifier, challenge = pkce()
    otp_page = await start(browser, challenge, "tiepnhan")
    assert 'autocomplete="one-time-code"' in otp_page.text and "t***@g12.example.gov.vn" in otp_page.text
    code = provider.otp.latest("tiepnhan@g12.example.gov.vn")
    delivery = provider.otp.deliveries[-1]
    assert (
        delivery["purpose"] == "sign_in" and delivery["channel"] == "email" and delivery["language"] == "vi"
    )
    done = await browser.otp(otp_page, code)
    assert done.status_code == 303 and done.headers["location"].startswith(REDIRECT)
    tokens = await exchange(provider, query_of(done.headers["location"])["code"], verifier)
    access = await claims_of(provider, tokens["access_token"])
    assert access["kind"] == "official" and access["roles"] == ["reception_officer"]
    assert access["agencies"] == ["000.00.00.G12"] and access["acr"] == "LoA2"
    assert set(access["amr"]) == {"pwd", "otp", "mfa"}
    # The same code cannot be used twice.
    again = await browser.otp(otp_page, code)
    assert again.status_code in (200, 400)
    assert code not in caplog.text  # never in a log line


async def test_totp_for_the_system_administrator_and_no_replay(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    otp_page = await start(browser, challenge, "qthethong")
    assert "TOTP" in otp_page.text
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    done = await browser.otp(otp_page, code)
    assert done.status_code == 303, done.text
    tokens = await exchange(provider, query_of(done.headers["location"])["code"], verifier)
    assert (await claims_of(provider, tokens["access_token"]))["roles"] == ["system_admin"]
    second = provider.browser()
    page = await start(second, challenge, "qthethong")
    replay = await second.otp(page, code)
    assert replay.status_code == 400 and "không đúng" in replay.text


async def test_step_up_raises_the_sessions_acr(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    first = await start(browser, challenge, CITIZEN)
    assert first.status_code == 303  # LoA1 is enough for this client's first request
    stepped = await browser.follow(await browser.authorize(**auth_params(challenge, acr_values="LoA2")))
    assert (
        'name="code"' in stepped.text and "09*****678" in stepped.text
    ) or "a***@example.vn" in stepped.text
    code = provider.otp.latest(AN["email"])
    done = await browser.otp(stepped, code)
    tokens = await exchange(provider, query_of(done.headers["location"])["code"], verifier)
    access = await claims_of(provider, tokens["access_token"])
    assert access["acr"] == "LoA2" and "pwd" in access["amr"] and "mfa" in access["amr"]
    # prompt=none at LoA2 now works without a page.
    silent = await browser.authorize(**auth_params(challenge, acr_values="LoA2", prompt="none"))
    assert "code" in query_of(silent.headers["location"])


async def test_too_many_wrong_codes_kill_the_challenge(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    otp_page = await start(browser, challenge, "truongphong")
    code = provider.otp.latest("truongphong@g12.example.gov.vn")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(provider.settings.otp_max_attempts):
        assert (await browser.otp(otp_page, wrong)).status_code == 400
    late = await browser.otp(otp_page, code)
    assert late.status_code == 400  # the right code, too late


async def test_resend_waits_for_the_cool_down(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    otp_page = await start(browser, challenge, "lanhdao")
    resend = await browser.client.post("/oidc/otp", data={**form_fields(otp_page.text), "resend": "1"})
    assert resend.status_code == 429 and "giây" in resend.text


def system(provider: Provider, *scopes: str) -> dict[str, str]:
    return provider.tokens.headers("intake", kind="system", scope=" ".join(scopes), acr="LoA1")


async def citizen_subject(provider: Provider) -> str:
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        account = await repository.by_username(session, CITIZEN)
        assert account is not None
        return account.subject


async def test_intake_has_a_citizen_confirm_a_submission(provider: Provider) -> None:
    subject = await citizen_subject(provider)
    reference = f"dossier:{uuid.uuid4()}"
    body = {"subject": subject, "reference": reference, "channel": "sms"}
    refused = await provider.client.post(
        "/internal/v1/otp-confirmations", json=body, headers=system(provider)
    )
    assert refused.status_code == 403  # needs the identity:otp scope
    started = await provider.client.post(
        "/internal/v1/otp-confirmations", json=body, headers=system(provider, "identity:otp")
    )
    assert started.status_code == 201, started.text
    assert started.json()["sent_to"] == "09*****678" and "code" not in started.text
    challenge_id = started.json()["challenge_id"]
    code = provider.otp.latest(AN["phone"])
    assert provider.otp.deliveries[-1]["purpose"] == "dossier_confirmation"
    url = f"/internal/v1/otp-confirmations/{challenge_id}/verify"
    other = await provider.client.post(
        url,
        json={"subject": subject, "reference": "dossier:other", "code": code},
        headers=system(provider, "identity:otp"),
    )
    assert other.status_code == 400 and other.json()["code"] == "otp_invalid"
    assert code not in other.text
    ok = await provider.client.post(
        url,
        json={"subject": subject, "reference": reference, "code": code},
        headers=system(provider, "identity:otp"),
    )
    assert ok.status_code == 200 and ok.json()["confirmed"] is True
    reused = await provider.client.post(
        url,
        json={"subject": subject, "reference": reference, "code": code},
        headers=system(provider, "identity:otp"),
    )
    assert reused.status_code == 400


async def test_expired_codes_are_refused(provider: Provider) -> None:
    subject = await citizen_subject(provider)
    headers = system(provider, "identity:otp") | {"X-Forwarded-For": "198.51.100.20"}
    started = await provider.client.post(
        "/internal/v1/otp-confirmations",
        json={"subject": subject, "reference": "r-exp", "channel": "email"},
        headers=headers,
    )
    code = provider.otp.latest(AN["email"])
    async with provider.identity.db.transaction() as session:
        await session.execute(
            update(OtpChallenge)
            .where(OtpChallenge.id == uuid.UUID(started.json()["challenge_id"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    late = await provider.client.post(
        f"/internal/v1/otp-confirmations/{started.json()['challenge_id']}/verify",
        json={"subject": subject, "reference": "r-exp", "code": code},
        headers=headers,
    )
    assert late.status_code == 400 and late.json()["code"] == "otp_invalid"


async def test_sends_are_limited_per_subject_and_delivery_failures_answer_503(provider: Provider) -> None:
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        account = await repository.by_username(session, "0101234567")
        assert account is not None
    headers = system(provider, "identity:otp") | {"X-Forwarded-For": "198.51.100.21"}
    body = {"subject": account.subject, "reference": "r-limit", "channel": "email"}
    limit = provider.settings.otp_sends_per_subject_hour
    statuses: list[int] = []
    for _ in range(2 * limit + 1):  # hour-aligned windows: one of them surely overflows
        statuses.append(
            (
                await provider.client.post("/internal/v1/otp-confirmations", json=body, headers=headers)
            ).status_code
        )
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429 and statuses.count(201) >= limit
    provider.otp.fail_with = 503
    try:
        subject = await citizen_subject(provider)
        down = await provider.client.post(
            "/internal/v1/otp-confirmations",
            json={"subject": subject, "reference": "r-down", "channel": "sms"},
            headers=system(provider, "identity:otp") | {"X-Forwarded-For": "198.51.100.22"},
        )
        assert down.status_code == 503 and down.json()["code"] == "otp_delivery_unavailable"
    finally:
        provider.otp.fail_with = None


async def test_an_official_enrols_an_authenticator_after_signing_in_with_a_code(provider: Provider) -> None:
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        official = await repository.by_username(session, "qtcoquan")
        assert official is not None
    weak = provider.tokens.headers(official.subject, kind="official", acr="LoA1")
    assert (await provider.client.post("/v1/accounts/me/totp", headers=weak)).status_code == 403
    strong = provider.tokens.headers(official.subject, kind="official", acr="LoA2")
    enrolled = await provider.client.post("/v1/accounts/me/totp", headers=strong)
    assert enrolled.status_code == 201 and enrolled.json()["otpauth_uri"].startswith("otpauth://totp/")
    secret = enrolled.json()["secret"]
    # Not confirmed yet: sign-in still sends an email code.
    browser = provider.browser()
    _, challenge = pkce()
    page = await start(browser, challenge, "qtcoquan")
    assert "q***@g12.example.gov.vn" in page.text
    wrong = await provider.client.post(
        "/v1/accounts/me/totp/confirm", json={"code": "000000"}, headers=strong
    )
    assert wrong.status_code == 400
    ok = await provider.client.post(
        "/v1/accounts/me/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=strong
    )
    assert ok.status_code == 204, ok.text
    page = await start(provider.browser(), challenge, "qtcoquan")
    assert "TOTP" in page.text
