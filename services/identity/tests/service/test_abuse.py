"""Bad input and abuse (issue 4): generic sign-in errors, lockout, rate limits, forged tokens,
exact redirect URIs, state/nonce, PKCE downgrade, code replay, CSRF."""

from __future__ import annotations

import base64
import json
import re

import httpx
from joserfc import jwt
from joserfc.jwk import OctKey

from identity.oidc.registration import ClientRegistration, register_client
from services.identity.tests.service.conftest import Provider
from services.identity.tests.service.test_oidc_flow import (
    CITIZEN,
    PASSWORD,
    PORTAL,
    REDIRECT,
    auth_params,
    exchange,
    sign_in_for_code,
)
from services.identity.tests.support import form_fields, pkce, query_of


def error_text(html: str) -> str:
    found = re.search(r'id="form-error">([^<]*)<', html)
    assert found, html
    return found.group(1)


async def login_page(provider: Provider) -> tuple[object, httpx.Response]:
    browser = provider.browser()
    _, challenge = pkce()
    page = await browser.follow(await browser.authorize(**auth_params(challenge)))
    return browser, page


async def test_wrong_password_and_unknown_user_get_the_same_answer(provider: Provider) -> None:
    browser, page = await login_page(provider)
    wrong = await browser.login(page, CITIZEN, "not-the-password-1")  # type: ignore[attr-defined]
    unknown = await browser.login(page, "009999999999", "not-the-password-1")  # type: ignore[attr-defined]
    assert wrong.status_code == unknown.status_code == 400
    assert error_text(wrong.text) == error_text(unknown.text)
    assert "không đúng" in error_text(wrong.text)


async def test_repeated_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(
    provider: Provider,
) -> None:
    browser, page = await login_page(provider)
    for _ in range(provider.settings.login_max_failures):
        await browser.login(page, "chuyenvien", "Wrong-password-1")  # type: ignore[attr-defined]
    locked = await browser.login(page, "chuyenvien", PASSWORD)  # type: ignore[attr-defined]
    assert locked.status_code == 400  # the right password no longer works, and the answer says nothing more
    from identity.accounts import repository

    async with provider.identity.db.transaction() as session:
        account = await repository.by_username(session, "chuyenvien")
        assert account is not None and account.locked_until is not None
    admin = provider.tokens.headers(kind="official", roles=["agency_admin"], agencies=["000.00.00.G12"])
    unlocked = await provider.client.post(f"/v1/accounts/{account.id}/unlock", headers=admin)
    assert unlocked.status_code == 200, unlocked.text
    again = await browser.login(page, "chuyenvien", PASSWORD)  # type: ignore[attr-defined]
    # On to the OTP page: officials always use a second factor.
    assert again.status_code == 200 and 'name="code"' in again.text


async def test_sign_in_attempts_are_rate_limited_per_address_and_per_name(provider: Provider) -> None:
    browser, page = await login_page(provider)
    browser.client.headers["X-Forwarded-For"] = "203.0.113.7"  # type: ignore[attr-defined]  # its own bucket
    limit = provider.settings.login_rate_per_ip
    # Fixed windows: within 2 x limit + 1 attempts one window surely holds more than the limit.
    statuses = []
    for n in range(2 * limit + 1):
        response = await browser.login(page, f"0000000000{n:02d}", "whatever-pass-1")  # type: ignore[attr-defined]
        statuses.append(response.status_code)
        if response.status_code == 429:
            break
    assert statuses[-1] == 429 and "Có quá nhiều lần thử" in response.text
    browser.client.headers["X-Forwarded-For"] = "203.0.113.8"  # type: ignore[attr-defined]
    per_name = provider.settings.login_rate_per_username
    for _ in range(2 * per_name + 1):
        response = await browser.login(page, "000000000777", "whatever-pass-1")  # type: ignore[attr-defined]
        if response.status_code == 429:
            break
    assert response.status_code == 429


async def test_csrf_token_is_required_on_the_sign_in_form(provider: Provider) -> None:
    browser, page = await login_page(provider)
    fields = form_fields(page.text) | {"csrf": "forged", "username": CITIZEN, "password": PASSWORD}
    response = await browser.client.post("/oidc/login", data=fields)  # type: ignore[attr-defined]
    assert response.status_code == 403


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_alg_none_and_hs_rs_confusion_tokens_are_rejected(provider: Provider) -> None:
    claims = {
        "iss": provider.settings.issuer,
        "sub": "x",
        "exp": 9999999999,
        "kind": "official",
        "roles": ["system_admin"],
        "client_id": PORTAL,
        "scope": "openid",
    }
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    jwks = (await provider.client.get("/oidc/jwks")).json()
    public = json.dumps(jwks["keys"][0]).encode()
    confused = jwt.encode({"alg": "HS256", "kid": jwks["keys"][0]["kid"]}, claims, OctKey.import_key(public))
    for token in (unsigned, confused):
        headers = {"Authorization": f"Bearer {token}"}
        assert (await provider.client.get("/oidc/userinfo", headers=headers)).status_code == 401
        assert (await provider.client.get("/v1/accounts/me", headers=headers)).status_code == 401
        assert (await provider.client.post("/oidc/clients", headers=headers, json={})).status_code == 401


async def test_redirect_uris_are_matched_exactly(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    for uri in (
        REDIRECT + "/",
        REDIRECT + "?x=1",
        "http://localhost:3000/callback2",
        "http://evil.example/callback",
        "HTTP://localhost:3000/callback",
    ):
        response = await browser.authorize(**auth_params(challenge, redirect_uri=uri))
        assert response.status_code == 400, uri  # an error page, never a redirect to the bad address
        assert 'data-reason="bad_redirect_uri"' in response.text


async def test_state_and_nonce_are_required(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    params = auth_params(challenge)
    del params["state"]
    no_state = await browser.authorize(**params)
    assert query_of(no_state.headers["location"])["error"] == "invalid_request"
    params = auth_params(challenge)
    del params["nonce"]
    no_nonce = await browser.authorize(**params)
    assert query_of(no_nonce.headers["location"]) | {} == query_of(no_nonce.headers["location"])
    assert query_of(no_nonce.headers["location"])["error"] == "invalid_request"
    assert query_of(no_nonce.headers["location"])["state"] == "st-123"


async def test_pkce_is_required_for_public_clients_and_plain_is_refused(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    params = auth_params(challenge)
    del params["code_challenge"], params["code_challenge_method"]
    assert query_of((await browser.authorize(**params)).headers["location"])["error"] == "invalid_request"
    plain = auth_params(verifier, code_challenge_method="plain")
    assert query_of((await browser.authorize(**plain)).headers["location"])["error"] == "invalid_request"
    # A wrong verifier at the token endpoint.
    code = (await sign_in_for_code(browser, challenge))["code"]
    bad = await provider.client.post(
        "/oidc/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": PORTAL,
            "code_verifier": pkce()[0],
        },
    )
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"


async def confidential_web_client(provider: Provider) -> str:
    async with provider.identity.db.transaction() as session:
        _, secret = await register_client(
            session,
            ClientRegistration(
                client_id="desk-web",
                client_name="Một cửa — máy chủ web",
                token_endpoint_auth_method="client_secret_basic",
                redirect_uris=["http://localhost:4000/cb"],
                grant_types=["authorization_code"],
                scope="openid profile",
                first_party=True,
            ),
        )
    assert secret
    return secret


async def test_a_verifier_for_a_code_issued_without_a_challenge_is_a_downgrade(provider: Provider) -> None:
    secret = await confidential_web_client(provider)
    browser = provider.browser()
    params = {
        "response_type": "code",
        "client_id": "desk-web",
        "redirect_uri": "http://localhost:4000/cb",
        "scope": "openid",
        "state": "s",
        "nonce": "n",
    }
    page = await browser.follow(await browser.authorize(**params))
    done = await browser.login(page, CITIZEN, PASSWORD)
    code = query_of(done.headers["location"])["code"]
    stripped = await provider.client.post(
        "/oidc/token",
        auth=("desk-web", secret),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://localhost:4000/cb",
            "code_verifier": pkce()[0],
        },
    )
    assert stripped.status_code == 400 and stripped.json()["error"] == "invalid_grant"


async def test_a_replayed_code_is_refused_and_revokes_what_it_gave(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    code = (await sign_in_for_code(browser, challenge))["code"]
    tokens = await exchange(provider, code, verifier)
    replay = await provider.client.post(
        "/oidc/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": PORTAL,
            "code_verifier": verifier,
        },
    )
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    refresh = await provider.client.post(
        "/oidc/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": PORTAL},
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_oauth_errors_are_problem_documents_too_and_english_on_request(provider: Provider) -> None:
    response = await provider.client.post(
        "/oidc/token", data={"grant_type": "password", "client_id": PORTAL}, headers={"Accept-Language": "en"}
    )
    body = response.json()
    assert body["error"] == "unsupported_grant_type" and body["code"] == "unsupported_grant_type"
    assert body["type"] == "urn:motcua:problem:unsupported_grant_type" and body["status"] == 400
    assert body["error_description"].startswith("Unsupported grant type")
    vi = await provider.client.post("/oidc/token", data={"grant_type": "password", "client_id": PORTAL})
    assert vi.json()["error_description"].startswith("Cách cấp quyền")
