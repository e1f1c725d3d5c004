"""Registered clients and client authentication at the token, revocation and introspection endpoints.

Methods: ``none`` (public clients: PKCE instead of a secret), ``client_secret_basic``,
``client_secret_post`` and ``private_key_jwt`` (RFC 7523: an assertion signed with the client's own
key, ``aud`` = our token endpoint or issuer, each ``jti`` accepted once).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.errors import OAuthError
from identity.oidc.models import Client, UsedClientAssertion
from identity.security import equals, token_hash
from identity.settings import IdentitySettings

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_ALGORITHMS = ("ES256", "RS256", "PS256")


async def get_active(session: AsyncSession, client_id: str | None) -> Client | None:
    if not client_id:
        return None
    client = await session.get(Client, client_id)
    return client if client is not None and client.active else None


def _basic(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raise OAuthError("invalid_client") from None
    client_id, sep, secret = raw.partition(":")
    if not sep:
        raise OAuthError("invalid_client")
    return unquote(client_id), unquote(secret)


async def authenticate(
    session: AsyncSession,
    settings: IdentitySettings,
    *,
    form: dict[str, str],
    authorization: str | None,
    allow_public: bool = True,
) -> Client:
    """The calling client, authenticated by its registered method, else ``invalid_client`` (401)."""
    basic = _basic(authorization)
    assertion = form.get("client_assertion")
    if basic is not None:
        client_id, secret = basic
        method = "client_secret_basic"
    elif assertion:
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise OAuthError("invalid_client", "client_assertion_type")
        client_id, secret, method = _assertion_issuer(assertion), "", "private_key_jwt"
    elif form.get("client_secret"):
        client_id, secret, method = form.get("client_id", ""), form["client_secret"], "client_secret_post"
    else:
        client_id, secret, method = form.get("client_id", ""), "", "none"
    if form.get("client_id") and form["client_id"] != client_id:
        raise OAuthError("invalid_client")
    client = await get_active(session, client_id)
    if client is None or client.auth_method != method:
        raise OAuthError("invalid_client")
    if method == "none":
        if not allow_public:
            raise OAuthError("invalid_client")
    elif method == "private_key_jwt":
        assert assertion is not None
        await _check_assertion(session, settings, client, assertion)
    elif not (client.secret_hash and equals(client.secret_hash, token_hash(secret))):
        raise OAuthError("invalid_client")
    return client


def _assertion_issuer(assertion: str) -> str:
    try:
        payload = extract_compact(assertion.encode()).payload
        import json

        claims = json.loads(payload)
    except (JoseError, ValueError) as exc:
        raise OAuthError("invalid_client") from exc
    return str(claims.get("sub") or claims.get("iss") or "")


async def _check_assertion(
    session: AsyncSession, settings: IdentitySettings, client: Client, assertion: str
) -> None:
    if not client.jwks:
        raise OAuthError("invalid_client")
    try:
        header = extract_compact(assertion.encode()).headers()
        if header.get("alg") not in ASSERTION_ALGORITHMS:
            raise OAuthError("invalid_client", "alg")
        key_set = KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]
        decoded = jwt.decode(assertion, key_set, algorithms=list(ASSERTION_ALGORITHMS))
        claims = decoded.claims
        jwt.JWTClaimsRegistry(
            leeway=30,
            iss={"essential": True, "value": client.client_id},
            sub={"essential": True, "value": client.client_id},
            exp={"essential": True},
            jti={"essential": True},
        ).validate(claims)
    except (JoseError, ValueError) as exc:
        raise OAuthError("invalid_client") from exc
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
    if not {settings.endpoint("token"), settings.issuer} & set(audiences):
        raise OAuthError("invalid_client", "aud")
    expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
    inserted = await session.execute(
        pg_insert(UsedClientAssertion)
        .values(client_id=client.client_id, jti=str(claims["jti"])[:128], expires_at=expires)
        .on_conflict_do_nothing()
        .returning(UsedClientAssertion.jti)
    )
    if inserted.first() is None:
        raise OAuthError("invalid_client", "jti replayed")


def redirect_uri_registered(client: Client, redirect_uri: str | None) -> bool:
    """Exact string comparison (no prefix, no normalisation): RFC 9700 §4.1.3."""
    return redirect_uri is not None and redirect_uri in client.redirect_uris


def allowed_scopes(client: Client, requested: list[str]) -> list[str] | None:
    """The requested scopes if the client may ask for all of them, else None."""
    if not set(requested) <= set(client.scopes):
        return None
    return requested


def registration_view(client: Client, *, secret: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "client_id": client.client_id,
        "client_name": client.name,
        "token_endpoint_auth_method": client.auth_method,
        "redirect_uris": client.redirect_uris,
        "post_logout_redirect_uris": client.post_logout_redirect_uris,
        "grant_types": client.grant_types,
        "scope": " ".join(client.scopes),
        "first_party": client.first_party,
    }
    if secret:
        out["client_secret"] = secret
    return out
