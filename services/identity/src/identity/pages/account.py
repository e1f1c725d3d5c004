"""The provider's own "my account" page: where a person signs in directly (not for a client)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.context import Identity, IdentityDep
from identity.deps import SessionDep
from identity.oidc import rules, sessions
from identity.oidc.models import BrowserSession, Interaction
from identity.pages.render import render
from identity.security import random_token
from servicekit.db import utcnow

router = APIRouter(tags=["pages"], include_in_schema=False)
#: The pseudo-client of interactions started by this page.
ACCOUNT_PAGE = "_account"


@router.get("/account")
async def account_page(request: Request, session: SessionDep, identity: IdentityDep) -> Response:
    found = await sessions.current(session, identity.settings, request)
    if found is not None and rules.satisfies(found[0].acr, rules.required_acr([], found[1].kind)):
        return render(
            request, identity, "account.html", csrf_purpose="logout", account=found[1], session=found[0]
        )
    now = utcnow()
    interaction = Interaction(
        id=random_token(24),
        client_id=ACCOUNT_PAGE,
        params={},
        created_at=now,
        expires_at=now + timedelta(seconds=identity.settings.interaction_ttl),
    )
    session.add(interaction)
    await session.flush()
    page = "otp" if found is not None else "login"
    return RedirectResponse(f"{identity.settings.endpoint_prefix}/{page}?i={interaction.id}", status_code=303)


async def resume(
    session: AsyncSession,
    identity: Identity,
    request: Request,
    interaction: Interaction,
    *,
    fresh_session: BrowserSession | None = None,
    fresh_account: Account | None = None,
    response_cookies: Response | None = None,
) -> Response:
    """After a sign-in step started from the account page: OTP if still needed, else the page."""
    found = (fresh_session, fresh_account) if fresh_session and fresh_account else None
    found = found or await sessions.current(session, identity.settings, request)
    if found is not None and not rules.satisfies(found[0].acr, rules.required_acr([], found[1].kind)):
        target = f"{identity.settings.endpoint_prefix}/otp?i={interaction.id}"
    else:
        await session.delete(interaction)
        target = f"{identity.settings.endpoint_prefix}/account"
    response = RedirectResponse(target, status_code=303)
    if response_cookies is not None:
        for name, value in response_cookies.headers.items():
            if name.lower() == "set-cookie":
                response.headers.append("set-cookie", value)
    return response
