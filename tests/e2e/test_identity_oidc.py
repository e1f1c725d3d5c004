"""Identity as the suite's OpenID Provider, through the gateway, with an off-the-shelf client
(Authlib's Starlette integration in the test portal): discovery, code + PKCE, refresh, logout; and the
role/agency claims of its tokens used by other services (intake, notify)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pyotp
from stack import Stack

from identity.seed import DEMO_MINISTRY_SECRET, DEMO_TOTP_SECRET
from tests.e2e.identity_support import DEMO_PASSWORD, Portal, form_fields
from tests.e2e.support import dossier_body, submit_online

# One registration of the fixtures (a session-scoped stack shared by both modules).
pytest_plugins = ["tests.e2e.identity_support"]
CITIZEN = "001090012345"


async def sign_in(
    stack: Stack, site: Portal, user: httpx.AsyncClient, username: str, *, totp: str | None = None
) -> httpx.Response:
    """What a person does in a browser without JavaScript: open the portal, fill the provider's forms."""
    page = await user.get(f"{site.base_url}/login")
    assert 'id="username"' in page.text, page.text
    gateway = stack.url("gateway").replace("127.0.0.1", "localhost")
    answer = await user.post(
        f"{gateway}/oidc/login",
        data={**form_fields(page.text), "username": username, "password": DEMO_PASSWORD},
    )
    if totp is not None:
        assert 'name="code"' in answer.text, answer.text
        answer = await user.post(f"{gateway}/oidc/otp", data={**form_fields(answer.text), "code": totp})
    return answer


async def test_an_off_the_shelf_client_does_discovery_code_pkce_refresh_and_logout(
    identity_stack: Stack, portal: Portal
) -> None:
    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as user:
        landed = await sign_in(identity_stack, portal, user, CITIZEN)
        assert 'id="signed-in"' in landed.text and "Nguyễn Văn An" in landed.text, landed.text
        token = portal.token_of("Nguyễn Văn An")
        assert token["scope"].split() == ["openid", "profile", "email", "offline_access"]
        # A protected API of identity through the gateway, with the token the client obtained.
        me = await user.get(f"{portal.base_url}/api/me")
        assert me.status_code == 200 and me.json()["so_dinh_danh"] == CITIZEN
        rotated = await user.get(f"{portal.base_url}/refresh")
        assert rotated.json() == {"rotated": True}
        old_refresh = portal.token_of("Nguyễn Văn An")["refresh_token"]
        bye = await user.get(f"{portal.base_url}/logout")
        assert 'id="anonymous"' in bye.text and str(bye.url).startswith(portal.base_url)
    async with httpx.AsyncClient(base_url=identity_stack.url("gateway")) as api:
        dead = await api.post(
            "/oidc/token",
            data={"grant_type": "refresh_token", "refresh_token": old_refresh, "client_id": "portal-e2e"},
        )
        assert dead.status_code == 400 and dead.json()["error"] == "invalid_grant"


async def test_agency_claims_from_identity_open_a_dossier_at_intake(
    identity_stack: Stack, portal: Portal
) -> None:
    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as citizen:
        await sign_in(identity_stack, portal, citizen, CITIZEN)
    citizen_token = portal.token_of("Nguyễn Văn An")["access_token"]
    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as admin:
        landed = await sign_in(
            identity_stack, portal, admin, "qthethong", totp=pyotp.TOTP(DEMO_TOTP_SECRET).now()
        )
        assert 'id="signed-in"' in landed.text, landed.text
    official_token = portal.token_of("Đặng Thị Hệ Thống")["access_token"]
    async with httpx.AsyncClient(base_url=identity_stack.url("gateway"), timeout=20) as api:
        as_citizen = {"Authorization": f"Bearer {citizen_token}"}
        drafted = await api.post(
            "/v1/dossiers", json=dossier_body(), headers=as_citizen | {"Idempotency-Key": str(uuid.uuid4())}
        )
        assert drafted.status_code == 201, drafted.text
        # Filed with a code identity sends to the citizen (R-ID-3), the agency's officials see it.
        filed = await submit_online(
            api, identity_stack, as_citizen, drafted.json(), email="an.nguyen@example.vn"
        )
        dossier = f"/v1/dossiers/{filed['id']}"
        # An official of agency 000.00.00.G12 (the token's `agencies`) sees it; a ministry system does not.
        seen = await api.get(dossier, headers={"Authorization": f"Bearer {official_token}"})
        assert seen.status_code == 200 and seen.json()["applicant"]["name"] == "Nguyễn Văn An"
        system = await api.post(
            "/oidc/token",
            auth=("ministry-demo", DEMO_MINISTRY_SECRET),
            data={"grant_type": "client_credentials"},
        )
        assert system.status_code == 200, system.text
        claims: dict[str, Any] = (
            await api.post(
                "/oidc/introspect",
                auth=("ministry-demo", DEMO_MINISTRY_SECRET),
                data={"token": system.json()["access_token"]},
            )
        ).json()
        assert claims["active"] and claims["kind"] == "system" and claims["agencies"] == ["000.00.00.G12"]
        hidden = await api.get(dossier, headers={"Authorization": f"Bearer {system.json()['access_token']}"})
        assert hidden.status_code == 404
        forged = await api.get(dossier, headers={"Authorization": "Bearer e30.e30."})
        assert forged.status_code == 401
        # Roles: notify's template administration admits the system administrator, not a citizen.
        admin_view = await api.get(
            "/v1/templates/kinds", headers={"Authorization": f"Bearer {official_token}"}
        )
        assert admin_view.status_code == 200, admin_view.text
        citizen_view = await api.get(
            "/v1/templates/kinds", headers={"Authorization": f"Bearer {citizen_token}"}
        )
        assert citizen_view.status_code == 403
