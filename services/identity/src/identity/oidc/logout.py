"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).

With a valid ``id_token_hint`` for the signed-in user the session ends at once; otherwise the user
confirms on a page (a cross-site link cannot sign anyone out). ``post_logout_redirect_uri`` must be
registered for the client exactly. A session that came from the national portal is ended there too,
then the browser comes back here and goes on to the client.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.jwk import KeySet

from identity.context import IdentityDep
from identity.deps import SessionDep
from identity.oidc import clients, keys, sessions
from identity.pages.render import csrf_ok, error_page, render

router = APIRouter(tags=["oidc"])


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    if request.method == "POST":
        params |= {k: str(v) for k, v in (await request.form()).items()}
    return params


@router.api_route("/logout", methods=["GET", "POST"], summary="End session (RP-initiated logout)")
async def end_session(request: Request, session: SessionDep, identity: IdentityDep) -> Response:
    params = await _params(request)
    hint_claims: dict[str, Any] | None = None
    if params.get("id_token_hint"):
        key_set = KeySet.import_key_set(await keys.published(session))  # type: ignore[arg-type]
        try:
            hint_claims = keys.decode_own(
                params["id_token_hint"], key_set, issuer=identity.settings.issuer, verify_exp=False
            )
        except ValueError:
            return error_page(request, identity, "logout")
    client_id = params.get("client_id") or (str(hint_claims["aud"]) if hint_claims else None)
    if hint_claims and params.get("client_id") and params["client_id"] != hint_claims.get("aud"):
        return error_page(request, identity, "logout")
    target = params.get("post_logout_redirect_uri")
    if target:
        client = await clients.get_active(session, client_id)
        if client is None or target not in client.post_logout_redirect_uris:
            return error_page(request, identity, "logout")
        if params.get("state"):
            target += ("&" if "?" in target else "?") + urlencode({"state": params["state"]})
    found = await sessions.current(session, identity.settings, request)
    confirmed = hint_claims is not None and found is not None and hint_claims.get("sub") == found[1].subject
    posted = request.method == "POST" and csrf_ok(request, identity, "logout", params.get("csrf"))
    if found is not None and not confirmed and not posted:
        shown = {k: v for k, v in params.items() if k in ("client_id", "post_logout_redirect_uri", "state")}
        return render(request, identity, "logout.html", csrf_purpose="logout", params=shown)
    upstream: str | None = None
    if found is not None:
        browser = found[0]
        await sessions.end(session, browser)
        if browser.upstream_provider and identity.settings.federation_enabled:
            from identity.federation.flow import upstream_logout_url

            upstream = await upstream_logout_url(identity, browser, then=target)
    response: Response
    if upstream:
        response = RedirectResponse(upstream, status_code=303)
    elif target:
        response = RedirectResponse(target, status_code=303)
    else:
        response = render(request, identity, "logged_out.html")
    sessions.clear_cookie(identity.settings, response)
    return response


@router.get("/logged-out", include_in_schema=False)
async def logged_out(
    request: Request, identity: IdentityDep, state: Annotated[str | None, Query()] = None
) -> Response:
    """Where the national portal sends the browser back after its logout; ``then`` was checked
    against the client's registered URIs before the browser left (and is signed, see federation)."""
    from identity.federation.flow import verified_return

    target = verified_return(identity, state) if state else None
    response: Response = (
        RedirectResponse(target, status_code=303) if target else render(request, identity, "logged_out.html")
    )
    sessions.clear_cookie(identity.settings, response)
    return response
