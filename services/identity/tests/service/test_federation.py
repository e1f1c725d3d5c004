"""Single sign-on from the national portal (R-ID-2, R-FMT-5) with two real providers: the national one
(a second identity instance in national mode, on a local port) and ours, in-process."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from contracts.events import ACCOUNT_REGISTERED
from identity.app import create_app
from identity.db import tables
from identity.seed import DEFAULT_FEDERATION_SECRET, DEMO_PASSWORD, seed
from identity.settings import IdentitySettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import migrate, new_database
from services.identity.tests.service.conftest import FAST_ARGON2, SERVICE_DIR, Provider, start_provider
from services.identity.tests.service.test_oidc_flow import REDIRECT, auth_params, exchange
from services.identity.tests.support import Journey, form_fields, free_port, pkce, query_of, serve

SUITE = "http://localhost:8000"


@dataclass
class Federation:
    suite: Provider
    national_url: str

    def journey(self) -> Journey:
        national = httpx.AsyncClient(base_url=self.national_url, timeout=10)
        return Journey({self.national_url: national, SUITE: self.suite.browser().client})


@pytest.fixture(scope="module")
async def federation(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[Federation]:
    port = free_port()
    national_url = f"http://127.0.0.1:{port}"
    database_url, drop = await asyncio.to_thread(new_database, pg_server_url, "national")
    await asyncio.to_thread(migrate, SERVICE_DIR, database_url)
    national_settings = IdentitySettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_topics,
        environment="test",
        log_json=False,
        mode="national",
        issuer=national_url,
        endpoint_prefix="/oauth2",
        cookie_prefix="ndp",
        oidc_issuer=token_factory.issuer,
        oidc_jwks_file=str(token_factory.jwks_file),
        **FAST_ARGON2,
    )
    await seed(national_settings, out=lambda _line: None)
    try:
        async with serve(create_app(national_settings), port=port, lifespan="on"):
            async for suite in start_provider(
                pg_server_url,
                kafka_topics,
                token_factory,
                federation_issuer=national_url,
                federation_client_secret=DEFAULT_FEDERATION_SECRET,
            ):
                yield Federation(suite, national_url)
    finally:
        await asyncio.to_thread(drop)


async def sign_in_at_national(journey: Journey, national: str, username: str) -> httpx.Response:
    _, page = await journey.get(f"{national}/oauth2/account")
    assert 'action="/oauth2/login"' in page.text, page.text
    _, welcome = await journey.post(
        f"{national}/oauth2/login",
        {**form_fields(page.text), "username": username, "password": DEMO_PASSWORD},
    )
    assert 'id="welcome"' in welcome.text, welcome.text
    return welcome


async def portal_sign_in(journey: Journey, challenge: str, **extra: str) -> tuple[str, httpx.Response]:
    from urllib.parse import urlencode

    return await journey.get(
        f"{SUITE}/oidc/authorize?{urlencode(auth_params(challenge, **extra))}", stop_at=REDIRECT
    )


async def userinfo(provider: Provider, access: str) -> dict[str, Any]:
    response = await provider.client.get("/oidc/userinfo", headers={"Authorization": f"Bearer {access}"})
    return dict(response.json())


async def test_national_userinfo_uses_the_national_claim_names(federation: Federation) -> None:
    async with httpx.AsyncClient() as client:
        meta = (await client.get(f"{federation.national_url}/.well-known/openid-configuration")).json()
    assert meta["authorization_endpoint"] == f"{federation.national_url}/oauth2/authorize"
    assert meta["token_endpoint"] == f"{federation.national_url}/oauth2/token"


async def test_signed_in_at_the_national_portal_means_signed_in_here_without_typing(
    federation: Federation,
) -> None:
    journey = federation.journey()
    await sign_in_at_national(journey, federation.national_url, "001190054321")
    verifier, challenge = pkce()
    landed, _ = await portal_sign_in(journey, challenge)
    assert landed.startswith(REDIRECT), landed  # no page was shown on the way
    tokens = await exchange(federation.suite, query_of(landed)["code"], verifier)
    info = await userinfo(federation.suite, tokens["access_token"])
    assert info["so_dinh_danh"] == "001190054321" and info["name"] == "Trần Thị Bình"
    assert info["identity_level"] == 1
    async with federation.suite.identity.db.transaction() as session:
        values = (
            (
                await session.execute(
                    select(tables.outbox.c.value).where(tables.outbox.c.event_type == ACCOUNT_REGISTERED)
                )
            )
            .scalars()
            .all()
        )
    payloads = [json.loads(v) for v in values]
    assert any(p["subject"] == info["sub"] and p["federated"] is True for p in payloads), payloads


async def test_first_national_sign_in_links_the_existing_account_and_maps_loa(federation: Federation) -> None:
    journey = federation.journey()
    await sign_in_at_national(
        journey, federation.national_url, "001090012345"
    )  # level 2 at the national portal
    verifier, challenge = pkce()
    landed, _ = await portal_sign_in(journey, challenge, acr_values="LoA2")
    assert "code" in query_of(landed), landed
    tokens = await exchange(federation.suite, query_of(landed)["code"], verifier)
    from joserfc import jwt
    from joserfc.jwk import KeySet

    jwks = (await federation.suite.client.get("/oidc/jwks")).json()
    access = jwt.decode(tokens["access_token"], KeySet.import_key_set(jwks)).claims
    assert access["acr"] == "LoA2" and access["amr"] == ["fed"]
    from identity.accounts import repository

    async with federation.suite.identity.db.transaction() as session:
        local = await repository.by_username(session, "001090012345")
    assert local is not None and access["sub"] == local.subject  # the seeded local account, not a new one


async def test_not_signed_in_upstream_shows_our_page_with_the_national_button(federation: Federation) -> None:
    journey = federation.journey()
    _, challenge = pkce()
    url, page = await portal_sign_in(journey, challenge)
    assert "/oidc/login" in url and 'id="national-sign-in"' in page.text


async def test_logout_ends_both_sessions(federation: Federation) -> None:
    journey = federation.journey()
    await sign_in_at_national(journey, federation.national_url, "079085001234")
    verifier, challenge = pkce()
    landed, _ = await portal_sign_in(journey, challenge)
    tokens = await exchange(federation.suite, query_of(landed)["code"], verifier)
    from urllib.parse import urlencode

    params = {
        "id_token_hint": tokens["id_token"],
        "post_logout_redirect_uri": "http://localhost:3000/",
        "state": "x",
    }
    ended, _ = await journey.get(f"{SUITE}/oidc/logout?{urlencode(params)}", stop_at="http://localhost:3000/")
    assert ended == "http://localhost:3000/?state=x"
    _, page = await journey.get(f"{federation.national_url}/oauth2/account")
    assert 'action="/oauth2/login"' in page.text  # signed out at the national portal too
    url, _ = await portal_sign_in(journey, challenge, prompt="none")
    assert query_of(url)["error"] == "login_required"
