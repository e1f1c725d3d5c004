"""The browser's trips to the national portal: silent single sign-on (``prompt=none``), interactive
sign-in, the callback that links the account and opens our session, and logout at both ends."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from identity.context import Identity, IdentityDep
from identity.deps import SessionDep
from identity.federation import linking
from identity.federation.models import UpstreamRequest
from identity.federation.upstream import Upstream, UpstreamError
from identity.oidc import authorize, rules, sessions
from identity.oidc.models import BrowserSession
from identity.pages.render import error_page
from identity.security import random_token
from servicekit.db import utcnow

router = APIRouter(tags=["federation"], include_in_schema=False)
#: How long after a silent attempt that found no upstream session we show our own page directly.
SILENT_CHECK_SECONDS = 300


def _checked_cookie(identity: Identity) -> str:
    return f"{identity.settings.cookie_prefix}_sso_checked"


def silent_sso_wanted(identity: Identity, request: Request) -> bool:
    return identity.settings.federation_silent_sso and not request.cookies.get(_checked_cookie(identity))


def upstream(identity: Identity, request: Request) -> Upstream:
    cached: Upstream | None = getattr(request.app.state, "upstream", None)
    if cached is None:
        cached = request.app.state.upstream = Upstream(identity.settings)
    return cached


def _callback_url(identity: Identity) -> str:
    return identity.settings.endpoint("federation/callback")


def _serializer(identity: Identity) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(identity.settings.secret_key, salt="motcua-federation-logout")


@router.get("/federation/start")
async def start(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    i: Annotated[str, Query()],
    interactive: Annotated[str | None, Query()] = None,
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    if interaction is None or not identity.settings.federation_enabled:
        return error_page(request, identity, "expired")
    silent = not interactive
    row = UpstreamRequest(
        state=random_token(24),
        nonce=random_token(24),
        code_verifier=random_token(48),
        interaction_id=interaction.id,
        silent=silent,
        created_at=utcnow(),
    )
    session.add(row)
    try:
        url = await upstream(identity, request).authorization_url(
            redirect_uri=_callback_url(identity),
            state=row.state,
            nonce=row.nonce,
            code_verifier=row.code_verifier,
            silent=silent,
        )
    except UpstreamError:
        if silent:  # the national portal is down: the user can still sign in here
            return RedirectResponse(authorize.page_url(identity, "login", i), status_code=303)
        return error_page(request, identity, "federation", status=502)
    response = RedirectResponse(url, status_code=303)
    if silent:
        response.set_cookie(
            _checked_cookie(identity),
            "1",
            max_age=SILENT_CHECK_SECONDS,
            httponly=True,
            samesite="lax",
            secure=identity.settings.secure_cookies,
            path="/",
        )
    return response


@router.get("/federation/callback")
async def callback(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    state: Annotated[str, Query()] = "",
    code: Annotated[str | None, Query()] = None,
    error: Annotated[str | None, Query()] = None,
) -> Response:
    row = await session.get(UpstreamRequest, state, with_for_update=True) if state else None
    if row is None or (utcnow() - row.created_at).total_seconds() > identity.settings.interaction_ttl:
        return error_page(request, identity, "expired")
    await session.delete(row)
    interaction = await authorize.load_interaction(session, row.interaction_id)
    if interaction is None:
        return error_page(request, identity, "expired")
    if error or not code:
        if row.silent:  # login_required upstream: show our own sign-in page (with the national button)
            return RedirectResponse(authorize.page_url(identity, "login", interaction.id), status_code=303)
        return error_page(request, identity, "federation", status=400)
    provider = upstream(identity, request)
    try:
        claims, id_token, userinfo = await provider.exchange(
            code=code, redirect_uri=_callback_url(identity), code_verifier=row.code_verifier, nonce=row.nonce
        )
    except UpstreamError:
        return error_page(request, identity, "federation", status=502)
    account = await linking.link_or_create(session, identity, provider=provider.issuer, userinfo=userinfo)
    if account is None:
        return error_page(request, identity, "federation", status=403)
    previous = await sessions.current(session, identity.settings, request)
    if previous is not None:
        await sessions.end(session, previous[0])
    cookies = Response()
    browser = await sessions.start(
        session,
        identity.settings,
        cookies,
        account=account,
        acr=rules.upstream_acr(claims.get("acr")),
        amr=["fed"],
        upstream_provider=provider.issuer,
        upstream_id_token=id_token,
    )
    return await authorize.resume(
        session,
        identity,
        request,
        interaction,
        fresh_session=browser,
        fresh_account=account,
        response_cookies=cookies,
    )


async def upstream_logout_url(identity: Identity, browser: BrowserSession, *, then: str | None) -> str | None:
    """Where the browser goes to end the national session; it comes back to ``/logged-out``."""
    if not browser.upstream_id_token:
        return None
    try:
        return await Upstream(identity.settings).end_session_url(
            id_token_hint=browser.upstream_id_token,
            post_logout_redirect_uri=identity.settings.endpoint("logged-out"),
            state=_serializer(identity).dumps(then or ""),
        )
    except UpstreamError:
        return None


def verified_return(identity: Identity, state: str) -> str | None:
    """The client's post-logout URI we signed before leaving (checked against its registration then)."""
    try:
        value = _serializer(identity).loads(state, max_age=identity.settings.interaction_ttl)
    except BadSignature:
        return None
    return str(value) or None
