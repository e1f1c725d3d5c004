"""Browser sessions at the provider: a random cookie, its hash in the database, acr/amr and auth time."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.oidc.models import BrowserSession, RefreshToken
from identity.security import random_token, token_hash
from identity.settings import IdentitySettings
from servicekit.db import utcnow

ACR_LEVELS = {"LoA1": 1, "LoA2": 2, "LoA3": 3}


def cookie_name(settings: IdentitySettings) -> str:
    # Both providers may share a host (cookies ignore ports): names keep their sessions apart.
    return f"{settings.cookie_prefix}_session"


async def current(
    session: AsyncSession, settings: IdentitySettings, request: Request
) -> tuple[BrowserSession, Account] | None:
    token = request.cookies.get(cookie_name(settings))
    if not token:
        return None
    row = await session.scalar(select(BrowserSession).where(BrowserSession.token_hash == token_hash(token)))
    if row is None or row.ended_at is not None or row.expires_at <= utcnow():
        return None
    account = await session.get(Account, row.account_id)
    if account is None or account.status != "active":
        return None
    return row, account


async def start(
    session: AsyncSession,
    settings: IdentitySettings,
    response: Response,
    *,
    account: Account,
    acr: str,
    amr: list[str],
    upstream_provider: str | None = None,
    upstream_id_token: str | None = None,
) -> BrowserSession:
    """A new session (a fresh cookie value on every sign-in: no session fixation)."""
    token = random_token()
    now = utcnow()
    row = BrowserSession(
        id=uuid.uuid4(),
        token_hash=token_hash(token),
        account_id=account.id,
        acr=acr,
        amr=amr,
        auth_time=now,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.session_ttl),
        upstream_provider=upstream_provider,
        upstream_id_token=upstream_id_token,
    )
    session.add(row)
    await session.flush()
    set_cookie(settings, response, token)
    return row


def set_cookie(settings: IdentitySettings, response: Response, token: str) -> None:
    response.set_cookie(
        cookie_name(settings),
        token,
        max_age=settings.session_ttl,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


def raise_acr(row: BrowserSession, acr: str, method: str) -> None:
    """Step-up: the session now proves more (``acr`` only ever goes up)."""
    if ACR_LEVELS.get(acr, 0) > ACR_LEVELS.get(row.acr, 0):
        row.acr = acr
    if method not in row.amr:
        row.amr = [*row.amr, method]
    row.auth_time = utcnow()


async def end(session: AsyncSession, row: BrowserSession) -> None:
    """Sign out: the session and the refresh tokens it produced stop working."""
    now = utcnow()
    row.ended_at = now
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.session_id == row.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def end_all_for_account(session: AsyncSession, account_id: uuid.UUID) -> None:
    now = utcnow()
    await session.execute(
        update(BrowserSession)
        .where(BrowserSession.account_id == account_id, BrowserSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.account_id == account_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def clear_cookie(settings: IdentitySettings, response: Response) -> None:
    response.delete_cookie(cookie_name(settings), path="/")
