"""The OpenID Provider end to end in-process: code + PKCE, tokens in ADR 7's shape, refresh rotation,
userinfo, revocation, introspection, logout."""

from __future__ import annotations

from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet

from services.identity.tests.service.conftest import Provider
from services.identity.tests.support import Browser, pkce, query_of

PORTAL = "portal-web"
REDIRECT = "http://localhost:3000/callback"
CITIZEN = "001090012345"
PASSWORD = "MotCua@2026"


def auth_params(challenge: str, **extra: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": PORTAL,
        "redirect_uri": REDIRECT,
        "scope": "openid profile email",
        "state": "st-123",
        "nonce": "n-456",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }


async def sign_in_for_code(browser: Browser, challenge: str, **extra: str) -> dict[str, str]:
    page = await browser.follow(await browser.authorize(**auth_params(challenge, **extra)))
    done = await browser.login(page, CITIZEN, PASSWORD)
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith(REDIRECT)
    return query_of(done.headers["location"])


async def exchange(provider: Provider, code: str, verifier: str) -> dict[str, Any]:
    response = await provider.client.post(
        "/oidc/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": PORTAL,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def claims_of(provider: Provider, token: str) -> dict[str, Any]:
    jwks = (await provider.client.get("/oidc/jwks")).json()
    return dict(jwt.decode(token, KeySet.import_key_set(jwks)).claims)


async def test_code_flow_with_pkce_issues_tokens_in_the_principal_shape(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    result = await sign_in_for_code(browser, challenge)
    assert result["state"] == "st-123" and result["iss"] == provider.settings.issuer
    tokens = await exchange(provider, result["code"], verifier)
    access = await claims_of(provider, tokens["access_token"])
    assert access["iss"] == provider.settings.issuer
    assert access["kind"] == "citizen" and access["acr"] == "LoA1" and access["amr"] == ["pwd"]
    assert access["roles"] == [] and access["agencies"] == [] and access["name"] == "Nguyễn Văn An"
    assert set(access["scope"].split()) == {"openid", "profile", "email"}
    id_token = await claims_of(provider, tokens["id_token"])
    assert id_token["aud"] == PORTAL and id_token["nonce"] == "n-456" and id_token["sub"] == access["sub"]
    info = await provider.client.get(
        "/oidc/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert info.status_code == 200
    assert info.json()["so_dinh_danh"] == CITIZEN and info.json()["email"] == "an.nguyen@example.vn"
    # Our own services accept it: /v1/accounts/me reads the profile that intake pre-fills from.
    me = await provider.client.get(
        "/v1/accounts/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200 and me.json()["address"].startswith("Số 1 Tràng Tiền")


async def test_a_second_authorize_reuses_the_session_without_a_page(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    await sign_in_for_code(browser, challenge)
    again = await browser.authorize(**auth_params(challenge, prompt="none"))
    assert again.status_code == 303 and "code" in query_of(again.headers["location"])


async def test_refresh_rotation_and_reuse_detection(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    tokens = await exchange(provider, (await sign_in_for_code(browser, challenge))["code"], verifier)
    first = tokens["refresh_token"]
    rotated = await provider.client.post(
        "/oidc/token", data={"grant_type": "refresh_token", "refresh_token": first, "client_id": PORTAL}
    )
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()["refresh_token"]
    assert second != first
    # The old one again: theft assumed, the whole family dies — including the newest token.
    reused = await provider.client.post(
        "/oidc/token", data={"grant_type": "refresh_token", "refresh_token": first, "client_id": PORTAL}
    )
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    after = await provider.client.post(
        "/oidc/token", data={"grant_type": "refresh_token", "refresh_token": second, "client_id": PORTAL}
    )
    assert after.status_code == 400 and after.json()["error"] == "invalid_grant"


async def test_revocation_and_introspection(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    tokens = await exchange(provider, (await sign_in_for_code(browser, challenge))["code"], verifier)
    basic = ("ministry-demo", "demo-ministry-secret-change-me")
    active = await provider.client.post(
        "/oidc/introspect", data={"token": tokens["access_token"]}, auth=basic
    )
    assert active.json()["active"] is True and active.json()["kind"] == "citizen"
    refresh = await provider.client.post(
        "/oidc/introspect", data={"token": tokens["refresh_token"]}, auth=basic
    )
    assert refresh.json()["active"] is True and refresh.json()["token_type"] == "refresh_token"
    # A public client cannot introspect.
    refused = await provider.client.post(
        "/oidc/introspect", data={"token": tokens["access_token"], "client_id": PORTAL}
    )
    assert refused.status_code == 401
    for token in (tokens["access_token"], tokens["refresh_token"]):
        assert (
            await provider.client.post("/oidc/revoke", data={"token": token, "client_id": PORTAL})
        ).status_code == 200
        gone = await provider.client.post("/oidc/introspect", data={"token": token}, auth=basic)
        assert gone.json() == {"active": False}
    info = await provider.client.get(
        "/oidc/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert info.status_code == 401


async def test_rp_initiated_logout_ends_the_session_and_its_refresh_tokens(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    tokens = await exchange(provider, (await sign_in_for_code(browser, challenge))["code"], verifier)
    out = await browser.client.get(
        "/oidc/logout",
        params={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": "http://localhost:3000/",
            "state": "bye",
        },
    )
    assert out.status_code == 303 and out.headers["location"] == "http://localhost:3000/?state=bye"
    silent = await browser.authorize(**auth_params(challenge, prompt="none"))
    assert query_of(silent.headers["location"])["error"] == "login_required"
    refresh = await provider.client.post(
        "/oidc/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": PORTAL},
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_logout_to_an_unregistered_address_is_refused(provider: Provider) -> None:
    browser = provider.browser()
    verifier, challenge = pkce()
    tokens = await exchange(provider, (await sign_in_for_code(browser, challenge))["code"], verifier)
    out = await browser.client.get(
        "/oidc/logout",
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "https://evil.example/"},
    )
    assert out.status_code == 400 and 'data-reason="logout"' in out.text


async def test_discovery_document(provider: Provider) -> None:
    meta = (await provider.client.get("/oidc/.well-known/openid-configuration")).json()
    assert meta["issuer"] == provider.settings.issuer
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert meta["token_endpoint"] == provider.settings.issuer + "/token"
    assert "private_key_jwt" in meta["token_endpoint_auth_methods_supported"]


async def test_prompt_login_and_max_age_ask_for_the_password_again(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    await sign_in_for_code(browser, challenge)
    again = await browser.follow(await browser.authorize(**auth_params(challenge, prompt="login")))
    assert 'id="username"' in again.text
    done = await browser.login(again, CITIZEN, PASSWORD)
    assert "code" in query_of(done.headers["location"])
    aged = await browser.follow(await browser.authorize(**auth_params(challenge, max_age="0")))
    assert 'id="username"' in aged.text


async def test_a_third_party_client_asks_for_consent_once(provider: Provider) -> None:
    from identity.oidc.registration import ClientRegistration, register_client

    async with provider.identity.db.transaction() as session:
        await register_client(
            session,
            ClientRegistration(
                client_id="tax-portal",
                client_name="Cổng thuế",
                token_endpoint_auth_method="none",
                redirect_uris=["http://localhost:7000/cb"],
                grant_types=["authorization_code"],
                scope="openid email",
            ),
        )
    browser = provider.browser()
    _, challenge = pkce()
    params = auth_params(
        challenge, client_id="tax-portal", redirect_uri="http://localhost:7000/cb", scope="openid email"
    )
    page = await browser.follow(await browser.authorize(**params))
    consent = await browser.login(page, CITIZEN, PASSWORD)
    assert "Cổng thuế" in consent.text and 'id="allow"' in consent.text
    denied = await browser.consent(consent, "deny")
    assert query_of(denied.headers["location"])["error"] == "access_denied"
    page = await browser.follow(await browser.authorize(**params))
    allowed = await browser.consent(page, "allow")
    assert "code" in query_of(allowed.headers["location"])
    silent = await browser.authorize(**params, prompt="none")
    assert "code" in query_of(silent.headers["location"])  # remembered


async def test_development_tokens_key_is_published_only_when_configured(provider: Provider, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from identity.oidc import keys

    dev = tmp_path / "dev-jwks.json"
    dev.write_text(json.dumps(json.loads(provider.tokens.jwks_file.read_text())))
    assert await keys.dev_keys(str(dev)) == json.loads(dev.read_text())["keys"]
    kids = {k["kid"] for k in (await provider.client.get("/oidc/jwks")).json()["keys"]}
    assert provider.tokens.key.kid not in kids  # not configured here


async def test_pages_are_vietnamese_by_default_english_on_request_and_script_free(provider: Provider) -> None:
    browser = provider.browser()
    _, challenge = pkce()
    page = await browser.follow(await browser.authorize(**auth_params(challenge)))
    assert 'lang="vi"' in page.text and "Tên đăng nhập" in page.text and "<script" not in page.text
    assert '<label for="username">' in page.text and 'autocomplete="current-password"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    browser.client.headers["Accept-Language"] = "en"
    english = await browser.follow(await browser.authorize(**auth_params(challenge)))
    assert 'lang="en"' in english.text and "Sign-in name" in english.text
