"""Fixtures for identity's end-to-end tests: a stack whose services trust identity's JWKS (not a
test key), a "portal" relying party built on Authlib's off-the-shelf OIDC client, headless Chromium.

The portal registers itself as a public client (PKCE) at identity through identity's own
registration function on the stack's database, the way an operator's script would.

Test modules load these fixtures with ``pytest_plugins`` (one registration, so the session-scoped stack
is shared); the modules also import helpers from here, hence PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import authlib.deprecate  # noqa: F401 - before the filter below (it installs its own)
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from authlib.integrations.starlette_client import OAuth

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy" / "local"))

from stack import Stack  # noqa: E402

PORTAL_CLIENT_ID = "portal-e2e"
DEMO_PASSWORD = "MotCua@2026"


@pytest.fixture(scope="session")
def identity_stack() -> Iterator[Stack]:
    """The whole stack with identity signing every token (services fetch its JWKS over HTTP)."""
    data_dir = Path(tempfile.mkdtemp(prefix="motcua-e2e-identity-"))
    running = Stack(
        data_dir=data_dir,
        base_port=None,
        postgres_port=None,
        broker_port=None,
        ephemeral=True,
        echo=False,
        extra_env={"LOG_JSON": "true"},
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()
        if os.environ.get("MOTCUA_E2E_KEEP_DATA"):
            print(f"\nidentity end-to-end stack data and logs kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


async def register_portal(stack: Stack, base_url: str) -> None:
    """Register the test portal as a public first-party client (idempotent)."""
    from identity.oidc.models import Client
    from identity.oidc.registration import ClientRegistration, register_client
    from servicekit.db import Database

    db = Database(stack.database_url("identity"), pool_size=1)
    try:
        async with db.transaction() as session:
            existing = await session.get(Client, PORTAL_CLIENT_ID)
            if existing is not None:
                await session.delete(existing)
                await session.flush()
            await register_client(
                session,
                ClientRegistration(
                    client_id=PORTAL_CLIENT_ID,
                    client_name="Cổng DVC (thử nghiệm đầu-cuối)",
                    token_endpoint_auth_method="none",
                    redirect_uris=[f"{base_url}/callback"],
                    post_logout_redirect_uris=[f"{base_url}/"],
                    grant_types=["authorization_code", "refresh_token"],
                    scope="openid profile email phone address offline_access",
                    first_party=True,
                ),
            )
    finally:
        await db.dispose()


@dataclass
class Portal:
    """A relying party a frontend team could write: Authlib's Starlette client does discovery,
    authorization code + PKCE (state, nonce, ID token checks), refresh and RP-initiated logout."""

    issuer: str
    gateway: str
    base_url: str = ""
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def app(self) -> Starlette:
        oauth = OAuth()
        oauth.register(
            name="motcua",
            client_id=PORTAL_CLIENT_ID,
            server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": "openid profile email offline_access",
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "none",
            },
        )
        client = oauth.create_client("motcua")
        assert client is not None

        def mine(request: Request) -> dict[str, Any] | None:
            return self.sessions.get(request.session.get("sid", ""))

        async def home(request: Request) -> Response:
            state = mine(request)
            if state is None:
                return HTMLResponse(
                    '<h1 id="anonymous">Chưa đăng nhập</h1><a id="login" href="/login">Đăng nhập</a>'
                )
            return HTMLResponse(f'<h1 id="signed-in">Đã đăng nhập: {state["userinfo"]["name"]}</h1>')

        async def login(request: Request) -> Response:
            response: Response = await client.authorize_redirect(request, f"{self.base_url}/callback")
            return response

        async def callback(request: Request) -> Response:
            token = await client.authorize_access_token(request)  # checks state, PKCE, ID token and nonce
            sid = secrets.token_urlsafe(16)
            self.sessions[sid] = {"token": dict(token), "userinfo": dict(token["userinfo"])}
            request.session["sid"] = sid
            return RedirectResponse("/", status_code=303)

        async def refresh(request: Request) -> Response:
            state = mine(request)
            assert state is not None
            token = await client.fetch_access_token(
                grant_type="refresh_token", refresh_token=state["token"]["refresh_token"]
            )
            state["previous_refresh_token"] = state["token"]["refresh_token"]
            state["token"] = {**state["token"], **dict(token)}
            return JSONResponse({"rotated": token["refresh_token"] != state["previous_refresh_token"]})

        async def api_me(request: Request) -> Response:
            state = mine(request)
            assert state is not None
            async with httpx.AsyncClient(base_url=self.gateway) as http:
                answer = await http.get(
                    "/v1/accounts/me", headers={"Authorization": f"Bearer {state['token']['access_token']}"}
                )
            return JSONResponse(answer.json(), status_code=answer.status_code)

        async def logout(request: Request) -> Response:
            state = self.sessions.pop(request.session.pop("sid", ""), None)
            metadata = await client.load_server_metadata()
            params = {"post_logout_redirect_uri": f"{self.base_url}/", "state": secrets.token_urlsafe(8)}
            if state is not None:
                params["id_token_hint"] = state["token"]["id_token"]
            return RedirectResponse(
                f"{metadata['end_session_endpoint']}?{urlencode(params)}", status_code=303
            )

        return Starlette(
            routes=[
                Route("/", home),
                Route("/login", login),
                Route("/callback", callback),
                Route("/refresh", refresh),
                Route("/api/me", api_me),
                Route("/logout", logout),
            ],
            middleware=[Middleware(SessionMiddleware, secret_key=secrets.token_hex(16), same_site="lax")],
        )

    def token_of(self, name: str) -> dict[str, Any]:
        for state in self.sessions.values():
            if state["userinfo"].get("name") == name:
                return dict(state["token"])
        raise AssertionError(f"no session for {name}")


@pytest.fixture(scope="module")
def portal(identity_stack: Stack) -> Iterator[Portal]:
    """The portal on a free port, in a thread of its own (a blocking browser driver cannot starve it)."""
    import threading

    from services.identity.tests.support import free_port

    port = free_port()
    site = Portal(
        issuer=identity_stack.issuer,
        gateway=identity_stack.url("gateway"),
        base_url=f"http://127.0.0.1:{port}",
    )
    asyncio.run(register_portal(identity_stack, site.base_url))
    server = uvicorn.Server(uvicorn.Config(site.app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="portal", daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(500):
        if server.started:
            started.set()
            break
        started.wait(0.02)
    assert server.started, "the test portal did not start"
    try:
        yield site
    finally:
        server.should_exit = True
        thread.join(10)


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


async def notify_delivers_otp(stack: Stack) -> bool:
    """Whether notify serves its internal OTP delivery endpoint yet (built in the notify issue)."""
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{stack.url('notify')}/internal/v1/otp-deliveries", json={})
    return answer.status_code != 404


async def code_from_mail_sink(stack: Stack, address: str, *, since: str) -> str:
    from servicekit.testing import eventually

    assert stack.mail_sink_url is not None

    async def probe() -> str | None:
        async with httpx.AsyncClient() as client:
            found = (
                await client.get(f"{stack.mail_sink_url}/messages", params={"to": address, "since": since})
            ).json()
        for message in reversed(found):
            match = re.search(r"\b(\d{6})\b", message.get("text") or "")
            if match:
                return match.group(1)
        return None

    return await eventually(probe, timeout=30, message=f"an OTP email to {address}")


# --- the browser ----------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


def ensure_chromium() -> None:
    """Debian's chromium and chromedriver (`make test` installs them on a fresh machine: `make browser`)."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("the browser tests need Debian's chromium and chromium-driver: run `make browser`")


@pytest.fixture
def browser() -> Iterator[Any]:
    """A fresh headless Chromium (its own profile: no cookies shared between tests)."""
    ensure_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument("--lang=vi")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
