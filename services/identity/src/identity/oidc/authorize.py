"""The authorization endpoint and the decision after each step of the user's sign-in.

``GET /authorize`` checks the client and its redirect URI (exact match; an unknown pair gets an error
page, never a redirect), then the request (rules.parse). Then, with the browser's session: a code goes
back to the client, or the user is sent to sign in, to an OTP step-up, or to consent — each page calls
``proceed`` again when done. ``prompt=none`` never shows a page: ``login_required`` and friends go back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.context import Identity, IdentityDep
from identity.deps import SessionDep
from identity.oidc import clients, rules, sessions
from identity.oidc.models import AuthorizationCode, BrowserSession, Client, Consent, Interaction
from identity.oidc.rules import AuthorizationRequest, AuthorizeError
from identity.pages.render import error_page
from identity.security import random_token, token_hash
from servicekit.db import utcnow

router = APIRouter(tags=["oidc"])


def redirect_to_client(identity: Identity, redirect_uri: str, params: dict[str, str]) -> RedirectResponse:
    query = urlencode({**params, "iss": identity.settings.issuer})
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{query}", status_code=303)


def error_redirect(
    identity: Identity, req: AuthorizationRequest, error: str, description: str
) -> RedirectResponse:
    return redirect_to_client(
        identity, req.redirect_uri, {"error": error, "error_description": description, "state": req.state}
    )


def page_url(identity: Identity, page: str, interaction_id: str) -> str:
    return f"{identity.settings.endpoint_prefix}/{page}?{urlencode({'i': interaction_id})}"


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        form = await request.form()
        params |= {k: str(v) for k, v in form.items()}
    return params


@router.api_route("/authorize", methods=["GET", "POST"], summary="Authorization endpoint (code + PKCE)")
async def authorize(request: Request, session: SessionDep, identity: IdentityDep) -> Response:
    params = await _params(request)
    client = await clients.get_active(session, params.get("client_id"))
    if client is None or "authorization_code" not in client.grant_types:
        return error_page(request, identity, "unknown_client", status=400)
    if not clients.redirect_uri_registered(client, params.get("redirect_uri")):
        return error_page(request, identity, "bad_redirect_uri", status=400)
    try:
        req = rules.parse(params, client_scopes=client.scopes, client_is_public=client.is_public)
    except AuthorizeError as exc:
        state = params.get("state")
        out = {"error": exc.error, "error_description": exc.description} | ({"state": state} if state else {})
        return redirect_to_client(identity, params["redirect_uri"], out)
    return await proceed(session, identity, request, client, req)


async def new_interaction(
    session: AsyncSession, identity: Identity, req: AuthorizationRequest
) -> Interaction:
    now = utcnow()
    interaction = Interaction(
        id=random_token(24),
        client_id=req.client_id,
        params=req.to_dict(),
        created_at=now,
        expires_at=now + timedelta(seconds=identity.settings.interaction_ttl),
    )
    session.add(interaction)
    await session.flush()
    return interaction


async def load_interaction(session: AsyncSession, interaction_id: str | None) -> Interaction | None:
    if not interaction_id:
        return None
    row = await session.get(Interaction, interaction_id, with_for_update=True)
    if row is None or row.expires_at <= utcnow():
        return None
    return row


def _needs_login(req: AuthorizationRequest, browser: BrowserSession) -> bool:
    if req.reauthenticated:
        return False
    if "login" in req.prompt:
        return True
    return req.max_age is not None and (utcnow() - browser.auth_time).total_seconds() > req.max_age


async def _consented(session: AsyncSession, client: Client, account: Account, scope: list[str]) -> bool:
    if client.first_party:
        return True
    row = await session.scalar(
        select(Consent).where(Consent.account_id == account.id, Consent.client_id == client.client_id)
    )
    return row is not None and set(scope) <= set(row.scopes)


async def proceed(
    session: AsyncSession,
    identity: Identity,
    request: Request,
    client: Client,
    req: AuthorizationRequest,
    *,
    interaction: Interaction | None = None,
    fresh_session: BrowserSession | None = None,
    fresh_account: Account | None = None,
    response_cookies: Response | None = None,
) -> Response:
    """Decide what happens next for an authorization request, given the browser's session; a session
    started in this request has its cookie on whatever answer comes out."""
    response = await _decide(
        session,
        identity,
        request,
        client,
        req,
        interaction=interaction,
        fresh_session=fresh_session,
        fresh_account=fresh_account,
    )
    if response_cookies is not None:
        for name, value in response_cookies.headers.items():
            if name.lower() == "set-cookie":
                response.headers.append("set-cookie", value)
    return response


async def _decide(
    session: AsyncSession,
    identity: Identity,
    request: Request,
    client: Client,
    req: AuthorizationRequest,
    *,
    interaction: Interaction | None,
    fresh_session: BrowserSession | None,
    fresh_account: Account | None,
) -> Response:
    found = (fresh_session, fresh_account) if fresh_session and fresh_account else None
    if found is None:
        found = await sessions.current(session, identity.settings, request)
    silent = "none" in req.prompt

    async def send_to(page: str) -> Response:
        nonlocal interaction
        if interaction is None:
            interaction = await new_interaction(session, identity, req)
        else:
            interaction.params = req.to_dict()
        return RedirectResponse(page_url(identity, page, interaction.id), status_code=303)

    if found is None or _needs_login(req, found[0]):
        if silent:
            return error_redirect(identity, req, "login_required", "the user is not signed in")
        if found is None and identity.settings.federation_enabled and "login" not in req.prompt:
            from identity.federation.flow import silent_sso_wanted

            if silent_sso_wanted(identity, request):
                return await send_to("federation/start")
        return await send_to("login")
    browser, account = found
    required = rules.required_acr(req.acr_values, account.kind)
    if not rules.satisfies(browser.acr, required):
        if silent:
            return error_redirect(identity, req, "interaction_required", "a stronger sign-in is needed")
        return await send_to("otp")
    if "consent" in req.prompt or not await _consented(session, client, account, req.scope):
        if silent:
            return error_redirect(identity, req, "consent_required", "the user has not consented")
        return await send_to("consent")
    if interaction is not None:
        await session.delete(interaction)
    return await issue_code(session, identity, req, account, browser)


async def issue_code(
    session: AsyncSession,
    identity: Identity,
    req: AuthorizationRequest,
    account: Account,
    browser: BrowserSession,
) -> RedirectResponse:
    code = random_token()
    now = utcnow()
    session.add(
        AuthorizationCode(
            code_hash=token_hash(code),
            client_id=req.client_id,
            account_id=account.id,
            session_id=browser.id,
            redirect_uri=req.redirect_uri,
            scope=" ".join(req.scope),
            nonce=req.nonce,
            code_challenge=req.code_challenge,
            acr=browser.acr,
            amr=list(browser.amr),
            auth_time=browser.auth_time,
            expires_at=now + timedelta(seconds=identity.settings.code_ttl),
        )
    )
    await session.flush()
    return redirect_to_client(identity, req.redirect_uri, {"code": code, "state": req.state})


async def resume(
    session: AsyncSession,
    identity: Identity,
    request: Request,
    interaction: Interaction,
    **kwargs: Any,
) -> Response:
    from identity.pages import account

    if interaction.client_id == account.ACCOUNT_PAGE:
        return await account.resume(session, identity, request, interaction, **kwargs)
    client = await clients.get_active(session, interaction.client_id)
    req = AuthorizationRequest.from_dict(interaction.params)
    if client is None:
        return error_page(request, identity, "unknown_client", status=400)
    return await proceed(session, identity, request, client, req, interaction=interaction, **kwargs)
