"""The provider's pages: sign-in, OTP (second factor and step-up), consent."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from identity.accounts import service as accounts
from identity.accounts.errors import InvalidCredentials, SignInRateLimited
from identity.accounts.models import Account
from identity.context import IdentityDep, client_ip
from identity.deps import SessionDep
from identity.oidc import authorize, rules, sessions
from identity.oidc.models import Client, Consent, Interaction
from identity.oidc.rules import AuthorizationRequest
from identity.otp import rules as otp_rules
from identity.otp import service as otp
from identity.otp.errors import OtpDeliveryUnavailable, OtpInvalid, OtpResendTooSoon, OtpSendLimited
from identity.otp.models import OtpChallenge
from identity.pages import signin
from identity.pages.render import csrf_ok, error_page, render
from identity.pages.texts import TEXTS
from servicekit.db import utcnow
from servicekit.i18n import current_language

router = APIRouter(tags=["pages"], include_in_schema=False)
InteractionId = Annotated[str, Query(alias="i")]


def _mark_reauthenticated(interaction: Interaction) -> None:
    """The user proved who they are during this request: ``prompt=login``/``max_age`` are satisfied."""
    if interaction.params.get("client_id"):
        req = AuthorizationRequest.from_dict(interaction.params)
        req.reauthenticated = True
        interaction.params = req.to_dict()


def _login_page(
    request: Request,
    identity: IdentityDep,
    interaction_id: str,
    *,
    error: str | None = None,
    username: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        identity,
        "login.html",
        status=status,
        csrf_purpose=f"login:{interaction_id}",
        interaction_id=interaction_id,
        error=error,
        username=username,
        federation=identity.settings.federation_enabled,
    )


@router.get("/login")
async def login_page(
    request: Request, i: InteractionId, session: SessionDep, identity: IdentityDep
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    if interaction is None:
        return error_page(request, identity, "expired")
    hint = interaction.params.get("login_hint")
    return _login_page(request, identity, i, username=hint)


@router.post("/login")
async def login(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    i: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    if interaction is None:
        return error_page(request, identity, "expired")
    if not csrf_ok(request, identity, f"login:{i}", csrf):
        return error_page(request, identity, "csrf", status=403)
    try:
        account = await accounts.authenticate(
            session, identity, username=username, password=password, client_ip=client_ip(request)
        )
    except SignInRateLimited:
        return _login_page(request, identity, i, error="rate_limited", username=username, status=429)
    except InvalidCredentials:
        return _login_page(request, identity, i, error="sign_in_failed", username=username, status=400)
    _mark_reauthenticated(interaction)
    if rules.required_acr(interaction.params.get("acr_values", []), account.kind) == "LoA1":
        return await _signed_in(request, session, identity, interaction, account, acr="LoA1", amr=["pwd"])
    interaction.account_id = account.id
    try:
        await signin.second_factor(session, identity, interaction, account, client_ip=client_ip(request))
    except (OtpSendLimited, OtpDeliveryUnavailable, OtpInvalid) as exc:
        key = "otp_limited" if isinstance(exc, OtpSendLimited) else "otp_unavailable"
        return _login_page(request, identity, i, error=key, username=username, status=503)
    return RedirectResponse(authorize.page_url(identity, "otp", i), status_code=303)


async def _signed_in(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    interaction: Interaction,
    account: Account,
    *,
    acr: str,
    amr: list[str],
) -> Response:
    assert isinstance(interaction, Interaction)
    previous = await sessions.current(session, identity.settings, request)
    if previous is not None:
        await sessions.end(session, previous[0])
    if identity.settings.mode == "national":
        # The national portal vouches for the person's electronic identification level (R-FMT-5).
        acr = max(acr, f"LoA{min(account.identity_level, 2)}")
    cookies = Response()
    browser = await sessions.start(session, identity.settings, cookies, account=account, acr=acr, amr=amr)
    return await authorize.resume(
        session,
        identity,
        request,
        interaction,
        fresh_session=browser,
        fresh_account=account,
        response_cookies=cookies,
    )


async def _otp_context(
    session: SessionDep, identity: IdentityDep, challenge_id: uuid.UUID | None
) -> dict[str, Any]:
    if challenge_id is None:
        return {"channel": "totp"}
    challenge = await session.get(OtpChallenge, challenge_id)
    if challenge is None or challenge.address is None:
        return {"channel": "totp"}
    return {
        "channel": challenge.channel,
        "sent_to": otp_rules.mask_address(challenge.channel, challenge.address),
        "minutes": max(1, identity.settings.otp_ttl_seconds // 60),
    }


async def _who(
    session: SessionDep, identity: IdentityDep, request: Request, interaction: Interaction
) -> tuple[Account, bool] | None:
    """Whose second factor this is: the account that just gave its password, or the signed-in one
    (step-up). The flag says whether a session already exists."""
    assert isinstance(interaction, Interaction)
    if interaction.account_id is not None:
        account = await session.get(Account, interaction.account_id)
        return (account, False) if account is not None and account.status == "active" else None
    found = await sessions.current(session, identity.settings, request)
    return (found[1], True) if found else None


@router.get("/otp")
async def otp_page(
    request: Request, i: InteractionId, session: SessionDep, identity: IdentityDep
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    who = await _who(session, identity, request, interaction) if interaction else None
    if interaction is None or who is None:
        return error_page(request, identity, "expired")
    account, step_up = who
    error = None
    if step_up and interaction.otp_challenge_id is None:
        try:
            await signin.second_factor(session, identity, interaction, account, client_ip=client_ip(request))
        except (OtpSendLimited, OtpDeliveryUnavailable, OtpInvalid) as exc:
            error = TEXTS[current_language.get()][
                "otp_limited" if isinstance(exc, OtpSendLimited) else "otp_unavailable"
            ]
    context = await _otp_context(session, identity, interaction.otp_challenge_id)
    return render(
        request, identity, "otp.html", csrf_purpose=f"otp:{i}", interaction_id=i, error=error, **context
    )


@router.post("/otp")
async def otp_submit(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    i: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    resend: Annotated[str, Form()] = "",
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    who = await _who(session, identity, request, interaction) if interaction else None
    if interaction is None or who is None:
        return error_page(request, identity, "expired")
    if not csrf_ok(request, identity, f"otp:{i}", csrf):
        return error_page(request, identity, "csrf", status=403)
    account, step_up = who
    texts = TEXTS[current_language.get()]
    context = await _otp_context(session, identity, interaction.otp_challenge_id)

    def again(message: str, status: int) -> Response:
        return render(
            request,
            identity,
            "otp.html",
            status=status,
            csrf_purpose=f"otp:{i}",
            interaction_id=i,
            error=message,
            **context,
        )

    if resend:
        if interaction.otp_challenge_id is None:
            return again(texts["otp_invalid"], 400)
        try:
            await otp.resend(
                session, identity, challenge_id=interaction.otp_challenge_id, client_ip=client_ip(request)
            )
        except OtpResendTooSoon as exc:
            return again(texts["otp_wait"].format(seconds=exc.params.get("seconds", 60)), 429)
        except OtpSendLimited:
            return again(texts["otp_limited"], 429)
        except OtpDeliveryUnavailable:
            return again(texts["otp_unavailable"], 503)
        return RedirectResponse(authorize.page_url(identity, "otp", i), status_code=303)
    purpose = "step_up" if step_up else "sign_in"
    try:
        factor = await signin.verify_second_factor(session, identity, interaction, account, code, purpose)
    except OtpInvalid:
        return again(texts["otp_invalid"], 400)
    amr = signin.AMR[factor]
    if step_up:
        found = await sessions.current(session, identity.settings, request)
        assert found is not None
        sessions.raise_acr(found[0], "LoA2", amr[0])
        found[0].amr = sorted({*found[0].amr, *amr, "mfa"})
        _mark_reauthenticated(interaction)
        return await authorize.resume(session, identity, request, interaction)
    return await _signed_in(
        request, session, identity, interaction, account, acr="LoA2", amr=["pwd", *amr, "mfa"]
    )


@router.get("/consent")
async def consent_page(
    request: Request, i: InteractionId, session: SessionDep, identity: IdentityDep
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    if interaction is None:
        return error_page(request, identity, "expired")
    client = await session.get(Client, interaction.client_id)
    req = AuthorizationRequest.from_dict(interaction.params)
    return render(
        request,
        identity,
        "consent.html",
        csrf_purpose=f"consent:{i}",
        interaction_id=i,
        client_name=client.name if client else interaction.client_id,
        scopes=req.scope,
    )


@router.post("/consent")
async def consent(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    i: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    decision: Annotated[str, Form()] = "",
) -> Response:
    interaction = await authorize.load_interaction(session, i)
    found = await sessions.current(session, identity.settings, request)
    if interaction is None or found is None:
        return error_page(request, identity, "expired")
    if not csrf_ok(request, identity, f"consent:{i}", csrf):
        return error_page(request, identity, "csrf", status=403)
    req = AuthorizationRequest.from_dict(interaction.params)
    if decision != "allow":
        await session.delete(interaction)
        return authorize.error_redirect(identity, req, "access_denied", "the user denied access")
    account = found[1]
    row = await session.get(Consent, (account.id, interaction.client_id))
    if row is None:
        session.add(
            Consent(
                account_id=account.id, client_id=interaction.client_id, scopes=req.scope, granted_at=utcnow()
            )
        )
    else:
        row.scopes = sorted({*row.scopes, *req.scope})
        row.granted_at = utcnow()
    req.prompt = [p for p in req.prompt if p != "consent"]
    interaction.params = req.to_dict()
    await session.flush()
    return await authorize.resume(session, identity, request, interaction)
