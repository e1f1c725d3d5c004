"""Token revocation (RFC 7009) and introspection (RFC 7662), for authenticated clients."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from identity.accounts.models import Account
from identity.context import IdentityDep
from identity.deps import SessionDep
from identity.oidc import clients
from identity.oidc.errors import OAuthError
from identity.oidc.models import RefreshToken, RevokedAccessToken
from identity.oidc.token import _revoke_family
from identity.oidc.userinfo import verify_access_token
from identity.security import token_hash
from servicekit.db import utcnow

router = APIRouter(tags=["oidc"])


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v) for k, v in (await request.form()).items()}


@router.post("/revoke", summary="Token revocation (RFC 7009)")
async def revoke(request: Request, session: SessionDep, identity: IdentityDep) -> Response:
    form = await _form(request)
    try:
        client = await clients.authenticate(
            session, identity.settings, form=form, authorization=request.headers.get("authorization")
        )
    except OAuthError as exc:
        return exc.response()
    value = form.get("token", "")
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash(value)))
    if row is not None:
        if row.client_id == client.client_id:
            await _revoke_family(session, row.family_id)
        return Response(status_code=200)
    try:
        claims = await verify_access_token(session, identity, value)
    except ValueError:
        return Response(status_code=200)  # unknown tokens are "revoked" too (RFC 7009 §2.2)
    if claims.get("client_id") == client.client_id:
        await session.execute(
            pg_insert(RevokedAccessToken)
            .values(jti=str(claims["jti"]), expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC))
            .on_conflict_do_nothing()
        )
    return Response(status_code=200)


@router.post("/introspect", summary="Token introspection (RFC 7662)")
async def introspect(request: Request, session: SessionDep, identity: IdentityDep) -> JSONResponse:
    form = await _form(request)
    try:
        await clients.authenticate(
            session,
            identity.settings,
            form=form,
            authorization=request.headers.get("authorization"),
            allow_public=False,
        )
    except OAuthError as exc:
        return exc.response()
    value = form.get("token", "")
    inactive = JSONResponse({"active": False}, headers={"Cache-Control": "no-store"})
    row = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash(value)))
    if row is not None:
        if row.revoked_at or row.rotated_at or row.expires_at <= utcnow():
            return inactive
        account = await session.get(Account, row.account_id)
        if account is None or account.status != "active":
            return inactive
        body: dict[str, Any] = {
            "active": True,
            "token_type": "refresh_token",
            "sub": account.subject,
            "client_id": row.client_id,
            "scope": row.scope,
            "exp": int(row.expires_at.timestamp()),
            "iat": int(row.created_at.timestamp()),
            "acr": row.acr,
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store"})
    try:
        claims = await verify_access_token(session, identity, value)
    except ValueError:
        return inactive
    keep = (
        "sub",
        "client_id",
        "scope",
        "exp",
        "iat",
        "iss",
        "jti",
        "acr",
        "amr",
        "kind",
        "roles",
        "agencies",
        "aud",
    )
    body = {"active": True, "token_type": "Bearer", **{k: claims[k] for k in keep if k in claims}}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
