"""Minting tokens: access tokens in the shape servicekit's ``Principal`` reads (ADR 7), ID tokens,
and rotating refresh tokens."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from joserfc import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.context import Identity
from identity.oidc import keys
from identity.oidc.models import Client, RefreshToken
from identity.security import random_token, token_hash
from servicekit.db import utcnow


async def sign(session: AsyncSession, identity: Identity, claims: dict[str, Any]) -> str:
    key = await keys.current(session, identity.settings, identity.box)
    return jwt.encode({"alg": str(key.alg), "kid": key.kid, "typ": "JWT"}, claims, key)


def _base(identity: Identity, *, subject: str, ttl: int) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": identity.settings.issuer, "sub": subject, "iat": now, "exp": now + ttl}


def account_claims(account: Account) -> dict[str, Any]:
    return {
        "kind": account.kind,
        "roles": list(account.roles or []) if account.kind == "official" else [],
        "agencies": [account.agency_code] if account.kind == "official" and account.agency_code else [],
        "name": account.full_name,
    }


async def access_token(
    session: AsyncSession,
    identity: Identity,
    *,
    subject: str,
    client_id: str,
    scope: str,
    acr: str,
    amr: list[str],
    principal_claims: dict[str, Any],
    auth_time: datetime | None = None,
    sid: str | None = None,
) -> str:
    """ADR 7: ``iss sub exp iat acr amr scope kind roles agencies name`` (+ ``jti``, ``client_id``)."""
    claims = _base(identity, subject=subject, ttl=identity.settings.access_token_ttl)
    claims |= {
        "jti": uuid.uuid4().hex,
        "client_id": client_id,
        "scope": scope,
        "acr": acr,
        "amr": amr,
        **principal_claims,
    }
    if identity.settings.oidc_audience:
        claims["aud"] = identity.settings.oidc_audience
    if auth_time is not None:
        claims["auth_time"] = int(auth_time.timestamp())
    if sid:
        claims["sid"] = sid
    return await sign(session, identity, claims)


def _half_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


async def id_token(
    session: AsyncSession,
    identity: Identity,
    *,
    account: Account,
    client: Client,
    nonce: str | None,
    acr: str,
    amr: list[str],
    auth_time: datetime,
    sid: str | None,
    access: str | None,
) -> str:
    claims = _base(identity, subject=account.subject, ttl=identity.settings.id_token_ttl)
    claims |= {
        "aud": client.client_id,
        "azp": client.client_id,
        "auth_time": int(auth_time.timestamp()),
        "acr": acr,
        "amr": amr,
        "name": account.full_name,
    }
    if nonce:
        claims["nonce"] = nonce
    if sid:
        claims["sid"] = sid
    if access:
        claims["at_hash"] = _half_hash(access)
    return await sign(session, identity, claims)


async def refresh_token(
    session: AsyncSession,
    identity: Identity,
    *,
    family_id: uuid.UUID,
    client_id: str,
    account_id: uuid.UUID,
    session_id: uuid.UUID | None,
    scope: str,
    acr: str,
    amr: list[str],
    auth_time: datetime,
    expires_at: datetime | None = None,
) -> str:
    """A new member of a rotation family; its expiry never outlives the family's first token."""
    value = random_token()
    now = utcnow()
    session.add(
        RefreshToken(
            id=uuid.uuid4(),
            token_hash=token_hash(value),
            family_id=family_id,
            client_id=client_id,
            account_id=account_id,
            session_id=session_id,
            scope=scope,
            acr=acr,
            amr=amr,
            auth_time=auth_time,
            created_at=now,
            expires_at=expires_at or now + timedelta(seconds=identity.settings.refresh_token_ttl),
        )
    )
    return value
