"""The token endpoint: authorization code (+ PKCE), refresh token rotation, client credentials.

Refresh tokens rotate on every use; a rotated token presented again means it was stolen (either the
thief or the user used it first), so the whole family is revoked (RFC 9700 §4.14.2). A replayed
authorization code revokes what was issued from it (RFC 6749 §4.1.2). Errors are answered, not raised,
so that these revocations commit.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.context import Identity, IdentityDep
from identity.deps import SessionDep
from identity.oidc import clients, rules, tokens
from identity.oidc.errors import OAuthError
from identity.oidc.models import AuthorizationCode, Client, RefreshToken
from identity.security import token_hash
from servicekit.db import utcnow

router = APIRouter(tags=["oidc"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.post("/token", summary="Token endpoint")
async def token(request: Request, session: SessionDep, identity: IdentityDep) -> JSONResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        client = await clients.authenticate(
            session, identity.settings, form=form, authorization=request.headers.get("authorization")
        )
        grant = form.get("grant_type", "")
        if grant not in ("authorization_code", "refresh_token", "client_credentials"):
            raise OAuthError("unsupported_grant_type")
        if grant not in client.grant_types:
            raise OAuthError("unauthorized_client")
        if grant == "authorization_code":
            body = await _authorization_code(session, identity, client, form)
        elif grant == "refresh_token":
            body = await _refresh(session, identity, client, form)
        else:
            body = await _client_credentials(session, identity, client, form)
    except OAuthError as exc:
        return exc.response()
    return JSONResponse(body, headers=NO_STORE)


async def _active_account(session: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await session.get(Account, account_id)
    if account is None or account.status != "active":
        raise OAuthError("invalid_grant", "account not active")
    return account


async def _authorization_code(
    session: AsyncSession, identity: Identity, client: Client, form: dict[str, str]
) -> dict[str, object]:
    code = await session.get(AuthorizationCode, token_hash(form.get("code", "")), with_for_update=True)
    if code is None or code.client_id != client.client_id:
        raise OAuthError("invalid_grant")
    if code.used_at is not None:
        if code.family_id is not None:
            await _revoke_family(session, code.family_id)
        raise OAuthError("invalid_grant", "code already used")
    if code.expires_at <= utcnow():
        raise OAuthError("invalid_grant", "code expired")
    if form.get("redirect_uri") != code.redirect_uri:
        raise OAuthError("invalid_grant", "redirect_uri mismatch")
    verifier = form.get("code_verifier")
    if code.code_challenge is not None:
        if not verifier or not rules.pkce_matches(verifier, code.code_challenge):
            raise OAuthError("invalid_grant", "PKCE verification failed")
    elif verifier:
        # A verifier for a code issued without a challenge: someone stripped the challenge (downgrade).
        raise OAuthError("invalid_grant", "code_verifier without code_challenge")
    code.used_at = utcnow()
    account = await _active_account(session, code.account_id)
    family_id = uuid.uuid4()
    code.family_id = family_id
    return await _issue(
        session,
        identity,
        client,
        account,
        scope=code.scope,
        acr=code.acr,
        amr=list(code.amr),
        auth_time=code.auth_time,
        session_id=code.session_id,
        nonce=code.nonce,
        family_id=family_id,
    )


async def _issue(
    session: AsyncSession,
    identity: Identity,
    client: Client,
    account: Account,
    *,
    scope: str,
    acr: str,
    amr: list[str],
    auth_time: object,
    session_id: uuid.UUID | None,
    nonce: str | None,
    family_id: uuid.UUID,
    refresh_expires_at: object = None,
) -> dict[str, object]:
    from datetime import datetime

    assert isinstance(auth_time, datetime)
    sid = str(session_id) if session_id else None
    access = await tokens.access_token(
        session,
        identity,
        subject=account.subject,
        client_id=client.client_id,
        scope=scope,
        acr=acr,
        amr=amr,
        principal_claims=tokens.account_claims(account),
        auth_time=auth_time,
        sid=sid,
    )
    body: dict[str, object] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": identity.settings.access_token_ttl,
        "scope": scope,
    }
    if "openid" in scope.split():
        body["id_token"] = await tokens.id_token(
            session,
            identity,
            account=account,
            client=client,
            nonce=nonce,
            acr=acr,
            amr=amr,
            auth_time=auth_time,
            sid=sid,
            access=access,
        )
    if "refresh_token" in client.grant_types:
        body["refresh_token"] = await tokens.refresh_token(
            session,
            identity,
            family_id=family_id,
            client_id=client.client_id,
            account_id=account.id,
            session_id=session_id,
            scope=scope,
            acr=acr,
            amr=amr,
            auth_time=auth_time,
            expires_at=refresh_expires_at,  # type: ignore[arg-type]
        )
    return body


async def _revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def _refresh(
    session: AsyncSession, identity: Identity, client: Client, form: dict[str, str]
) -> dict[str, object]:
    row = await session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_hash(form.get("refresh_token", "")))
        .with_for_update()
    )
    if row is None or row.client_id != client.client_id:
        raise OAuthError("invalid_grant")
    if row.rotated_at is not None:
        await _revoke_family(session, row.family_id)
        raise OAuthError("invalid_grant", "refresh token reused; the session's tokens are revoked")
    if row.revoked_at is not None or row.expires_at <= utcnow():
        raise OAuthError("invalid_grant")
    scope = row.scope
    if form.get("scope"):
        asked = form["scope"].split()
        if not set(asked) <= set(row.scope.split()):
            raise OAuthError("invalid_scope")
        scope = " ".join(asked)
    row.rotated_at = utcnow()
    account = await _active_account(session, row.account_id)
    first = await session.scalar(
        select(RefreshToken.expires_at)
        .where(RefreshToken.family_id == row.family_id)
        .order_by(RefreshToken.created_at)
    )
    return await _issue(
        session,
        identity,
        client,
        account,
        scope=scope,
        acr=row.acr,
        amr=list(row.amr),
        auth_time=row.auth_time,
        session_id=row.session_id,
        nonce=None,
        family_id=row.family_id,
        refresh_expires_at=first,
    )


async def _client_credentials(
    session: AsyncSession, identity: Identity, client: Client, form: dict[str, str]
) -> dict[str, object]:
    if client.is_public:
        raise OAuthError("unauthorized_client")
    asked = form.get("scope", "").split() or list(client.scopes)
    if clients.allowed_scopes(client, asked) is None or "openid" in asked:
        raise OAuthError("invalid_scope")
    scope = " ".join(asked)
    access = await tokens.access_token(
        session,
        identity,
        subject=client.client_id,
        client_id=client.client_id,
        scope=scope,
        acr="LoA1",
        amr=[client.auth_method],
        principal_claims={
            "kind": "system",
            "roles": list(client.system_roles),
            "agencies": list(client.system_agencies),
            "name": client.name,
        },
    )
    return {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": identity.settings.access_token_ttl,
        "scope": scope,
    }
