"""Client credentials for ministry systems (client secret and private_key_jwt) and signing key
rotation (old keys published until their tokens expire)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from joserfc.jws import extract_compact
from sqlalchemy import update

from identity.housekeeping import Housekeeping
from identity.oidc import keys
from identity.oidc.models import SigningKey
from identity.oidc.registration import ClientRegistration, register_client
from servicekit.auth import JWKSSource, TokenVerifier
from servicekit.db import utcnow
from services.identity.tests.service.conftest import Provider
from services.identity.tests.service.test_oidc_flow import claims_of, exchange, sign_in_for_code
from services.identity.tests.support import pkce

MINISTRY = ("ministry-demo", "demo-ministry-secret-change-me")


def kid_of(token: str) -> str:
    return str(extract_compact(token.encode()).headers()["kid"])


async def test_client_credentials_with_a_secret_gives_a_system_token(provider: Provider) -> None:
    response = await provider.client.post(
        "/oidc/token", auth=MINISTRY, data={"grant_type": "client_credentials"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "refresh_token" not in body and "id_token" not in body
    claims = await claims_of(provider, body["access_token"])
    assert claims["sub"] == "ministry-demo" and claims["kind"] == "system"
    assert claims["agencies"] == ["000.00.00.G12"] and claims["scope"] == "dossiers:read"
    wrong = await provider.client.post(
        "/oidc/token", auth=("ministry-demo", "wrong"), data={"grant_type": "client_credentials"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    too_much = await provider.client.post(
        "/oidc/token", auth=MINISTRY, data={"grant_type": "client_credentials", "scope": "dossiers:write"}
    )
    assert too_much.json()["error"] == "invalid_scope"


def assertion(key: ECKey, client_id: str, audience: str, *, jti: str | None = None) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 60,
        "jti": jti or uuid.uuid4().hex,
    }
    return jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key)


async def test_client_credentials_with_private_key_jwt(provider: Provider) -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "tax-1", "alg": "ES256", "use": "sig"})
    async with provider.identity.db.transaction() as session:
        await register_client(
            session,
            ClientRegistration(
                client_id="tax-system",
                client_name="Hệ thống thuế",
                token_endpoint_auth_method="private_key_jwt",
                grant_types=["client_credentials"],
                scope="dossiers:read",
                jwks=KeySet([key]).as_dict(private=False),
                system_roles=["integration"],
                system_agencies=["000.00.18.G12"],
            ),
        )
    token_url = provider.settings.endpoint("token")
    signed = assertion(key, "tax-system", token_url)
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": signed,
    }
    ok = await provider.client.post("/oidc/token", data=form)
    assert ok.status_code == 200, ok.text
    assert (await claims_of(provider, ok.json()["access_token"]))["agencies"] == ["000.00.18.G12"]
    replay = await provider.client.post("/oidc/token", data=form)
    assert replay.status_code == 401  # each assertion once
    other_key = ECKey.generate_key("P-256", parameters={"kid": "tax-1", "alg": "ES256"})
    forged = await provider.client.post(
        "/oidc/token", data=form | {"client_assertion": assertion(other_key, "tax-system", token_url)}
    )
    assert forged.status_code == 401
    wrong_aud = await provider.client.post(
        "/oidc/token",
        data=form | {"client_assertion": assertion(key, "tax-system", "https://elsewhere/token")},
    )
    assert wrong_aud.status_code == 401


async def test_key_rotation_keeps_old_tokens_verifiable_until_they_expire(
    provider: Provider, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    browser = provider.browser()
    verifier, challenge = pkce()
    before = await exchange(provider, (await sign_in_for_code(browser, challenge))["code"], verifier)
    old_kid = kid_of(before["access_token"])
    async with provider.identity.db.transaction() as session:
        new_kid = await keys.rotate(session, provider.settings, provider.identity.box)
    jwks = (await provider.client.get("/oidc/jwks")).json()
    assert {k["kid"] for k in jwks["keys"]} >= {old_kid, new_kid}
    after = await provider.client.post(
        "/oidc/token", auth=MINISTRY, data={"grant_type": "client_credentials"}
    )
    assert kid_of(after.json()["access_token"]) == new_kid
    # A service holding the old key set (servicekit's verifier) refetches on the unknown kid.
    jwks_file = tmp_path / "jwks.json"
    import json

    jwks_file.write_text(json.dumps({"keys": [k for k in jwks["keys"] if k["kid"] == old_kid]}))
    verifier_ = TokenVerifier(
        JWKSSource(file=str(jwks_file), min_refresh_interval=0), issuer=provider.settings.issuer
    )
    assert (await verifier_.verify(before["access_token"])).kind == "citizen"
    jwks_file.write_text(json.dumps(jwks))
    assert (await verifier_.verify(after.json()["access_token"])).kind == "system"
    # Once the retired key's tokens have all expired, housekeeping drops it from the set.
    async with provider.identity.db.transaction() as session:
        await session.execute(
            update(SigningKey)
            .where(SigningKey.kid == old_kid)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    await Housekeeping(provider.identity).once()
    assert old_kid not in {k["kid"] for k in (await provider.client.get("/oidc/jwks")).json()["keys"]}
    await provider.refresh_jwks()
