"""Rendering pages (Vietnamese by default, English with ``Accept-Language: en``) and CSRF tokens.

CSRF: a random per-browser cookie (HttpOnly, SameSite=Lax); each form carries an HMAC of it and of
the interaction it belongs to. A form posted from another site has neither.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from identity.context import Identity
from identity.pages.texts import TEXTS
from identity.security import equals, keyed_hash, random_token
from servicekit.i18n import current_language

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _csrf_cookie(identity: Identity) -> str:
    return f"{identity.settings.cookie_prefix}_csrf"


def csrf_token(request: Request, identity: Identity, purpose: str) -> tuple[str, str | None]:
    """The form token for ``purpose`` and, when the browser has no CSRF cookie yet, the cookie to set."""
    cookie = request.cookies.get(_csrf_cookie(identity))
    new_cookie = None
    if not cookie:
        cookie = new_cookie = random_token(16)
    return keyed_hash(identity.settings.secret_key, "csrf", cookie, purpose), new_cookie


def csrf_ok(request: Request, identity: Identity, purpose: str, token: str | None) -> bool:
    cookie = request.cookies.get(_csrf_cookie(identity))
    if not cookie or not token:
        return False
    return equals(token, keyed_hash(identity.settings.secret_key, "csrf", cookie, purpose))


def render(
    request: Request,
    identity: Identity,
    template: str,
    *,
    status: int = 200,
    csrf_purpose: str | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = current_language.get()
    token = new_cookie = None
    if csrf_purpose is not None:
        token, new_cookie = csrf_token(request, identity, csrf_purpose)
    html = _env.get_template(template).render(
        t=TEXTS[lang],
        lang=lang,
        prefix=identity.settings.endpoint_prefix,
        site_name=identity.settings.display_name,
        csrf=token,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Language"] = lang
    # No framing (clickjacking) and no scripts at all: the pages work without JavaScript.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
        "form-action 'self' http: https:"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if new_cookie:
        set_csrf_cookie(identity, response, new_cookie)
    return response


def set_csrf_cookie(identity: Identity, response: Response, value: str) -> None:
    response.set_cookie(
        _csrf_cookie(identity),
        value,
        httponly=True,
        samesite="lax",
        secure=identity.settings.secure_cookies,
        path="/",
    )


def error_page(request: Request, identity: Identity, reason: str, *, status: int = 400) -> HTMLResponse:
    return render(request, identity, "error.html", status=status, reason=reason)
