"""Signing keys: one current key signs; retired keys stay in the JWKS until every token they signed
has expired, then disappear (rotation without breaking a verifier that cached the old set)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey
from joserfc.jws import extract_compact
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.models import SigningKey
from identity.security import SecretBox
from identity.settings import IdentitySettings
from servicekit.auth import ALGORITHMS
from servicekit.db import utcnow
from servicekit.outbox import advisory_key


def _generate(alg: str) -> ECKey | RSAKey:
    kid = utcnow().strftime("%Y%m%d") + "-" + secrets.token_hex(4)
    params: Any = {"kid": kid, "use": "sig", "alg": alg}
    if alg == "RS256":
        return RSAKey.generate_key(2048, parameters=params)
    return ECKey.generate_key("P-256", parameters=params)


def _publishable(now: Any) -> Any:
    return or_(SigningKey.expires_at.is_(None), SigningKey.expires_at > now)


async def current(session: AsyncSession, settings: IdentitySettings, box: SecretBox) -> ECKey | RSAKey:
    """The key that signs now; created (under an advisory lock, once for every replica) if none."""
    row = await session.scalar(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc())
    )
    if row is None:
        await session.execute(select(_lock(settings)))
        row = await session.scalar(
            select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc())
        )
        if row is None:
            row = _store(session, _generate(settings.signing_alg), box)
            await session.flush()
    return _private(row, box)


def _lock(settings: IdentitySettings) -> Any:
    from sqlalchemy import func

    return func.pg_advisory_xact_lock(advisory_key(f"identity-signing-key:{settings.issuer}"))


def _store(session: AsyncSession, key: ECKey | RSAKey, box: SecretBox) -> SigningKey:
    row = SigningKey(
        kid=key.kid,
        alg=str(key.alg),
        private_sealed=box.seal(json.dumps(key.as_dict(private=True))),
        public_jwk=key.as_dict(private=False),
        created_at=utcnow(),
    )
    session.add(row)
    return row


def _private(row: SigningKey, box: SecretBox) -> ECKey | RSAKey:
    data = json.loads(box.open(row.private_sealed))
    return RSAKey.import_key(data) if data.get("kty") == "RSA" else ECKey.import_key(data)


async def rotate(session: AsyncSession, settings: IdentitySettings, box: SecretBox) -> str:
    """Retire the current key and start signing with a new one; returns the new ``kid``.

    The retired key stays published for the longest lifetime of what it signed (ID and access tokens,
    plus a minute of clock leeway): a verifier meets the new ``kid`` and refetches the set.
    """
    await session.execute(select(_lock(settings)))
    now = utcnow()
    keep_for = timedelta(seconds=max(settings.access_token_ttl, settings.id_token_ttl) + 60)
    for row in await session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        row.retired_at = now
        row.expires_at = now + keep_for
    key = _generate(settings.signing_alg)
    _store(session, key, box)
    await session.flush()
    return str(key.kid)


async def rotate_if_due(session: AsyncSession, settings: IdentitySettings, box: SecretBox) -> str | None:
    row = await session.scalar(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc())
    )
    if row is not None and utcnow() - row.created_at < timedelta(days=settings.key_rotation_days):
        return None
    return await rotate(session, settings, box)


async def published(session: AsyncSession) -> dict[str, Any]:
    """The JWKS document: every key that signs or signed tokens still valid."""
    rows = await session.scalars(
        select(SigningKey).where(_publishable(utcnow())).order_by(SigningKey.created_at.desc())
    )
    return {"keys": [row.public_jwk for row in rows]}


async def dev_keys(path: str) -> list[dict[str, Any]]:
    """Public keys of the development JWKS file (never in production: settings clear the path)."""
    import asyncio
    from pathlib import Path

    try:
        data = json.loads(await asyncio.to_thread(Path(path).read_text))
    except (OSError, ValueError):
        return []
    return [k for k in data.get("keys", []) if "d" not in k]


class DatabaseKeySource:
    """servicekit's ``JWKSSource`` shape over the published keys in this service's own database."""

    def __init__(self, db: Any) -> None:
        self.db = db

    async def keys(self, *, kid: str | None) -> KeySet:
        async with self.db.transaction() as session:
            return KeySet.import_key_set(await published(session))  # type: ignore[arg-type]


class CombinedKeySource:
    """Our own keys, then another source (development/test tokens from ``OIDC_JWKS_FILE``)."""

    def __init__(self, *sources: Any) -> None:
        self.sources = sources

    async def keys(self, *, kid: str | None) -> KeySet:
        collected = []
        for source in self.sources:
            try:
                key_set = await source.keys(kid=kid)
            except Exception:  # noqa: S112 - a missing extra source must not stop our own keys
                continue
            collected.extend(key_set.keys)
        return KeySet(collected)


def decode_own(token: str, key_set: KeySet, *, issuer: str, verify_exp: bool = True) -> dict[str, Any]:
    """Verify a token we issued (ID token hint, access token at userinfo): signature, alg, issuer."""
    try:
        header = extract_compact(token.encode()).headers()
    except (JoseError, ValueError) as exc:
        raise ValueError("malformed token") from exc
    if header.get("alg") not in ALGORITHMS:
        raise ValueError("algorithm not allowed")
    try:
        decoded = jwt.decode(token, key_set, algorithms=list(ALGORITHMS))
    except (JoseError, ValueError) as exc:
        raise ValueError("bad signature") from exc
    claims = dict(decoded.claims)
    options: dict[str, Any] = {"iss": {"essential": True, "value": issuer}, "sub": {"essential": True}}
    if verify_exp:
        options["exp"] = {"essential": True}
    checked = claims if verify_exp else {k: v for k, v in claims.items() if k != "exp"}
    try:
        jwt.JWTClaimsRegistry(leeway=30, **options).validate(checked)
    except JoseError as exc:
        raise ValueError(str(exc)) from exc
    return claims
