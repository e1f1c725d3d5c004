"""Composition root of the identity service."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI

from identity import models  # noqa: F401  (maps every table)
from identity.accounts.router import router as accounts_router
from identity.context import Identity
from identity.credentials.passwords import Passwords
from identity.db import tables
from identity.federation.flow import router as federation_router
from identity.housekeeping import Housekeeping
from identity.internal_token import InternalToken
from identity.oidc import authorize, discovery, introspection, keys, logout, registration, token, userinfo
from identity.otp.router import router as otp_router
from identity.otp.sender import NotifyOtpSender, OtpSender
from identity.pages.account import router as account_page_router
from identity.pages.router import router as pages_router
from identity.security import SecretBox
from identity.settings import IdentitySettings
from servicekit.app import ServiceRuntime, build_service_app
from servicekit.auth import JWKSSource, TokenVerifier
from servicekit.ratelimit import rate_limiter


def create_app(settings: IdentitySettings | None = None, *, otp_sender: OtpSender | None = None) -> FastAPI:
    settings = settings or IdentitySettings()
    prefix = settings.endpoint_prefix
    issuer_path = urlsplit(settings.issuer).path.rstrip("/")

    well_known = APIRouter(prefix=issuer_path)
    well_known.include_router(discovery.router)
    oidc = APIRouter(prefix=prefix)
    for module in (authorize, token, userinfo, introspection, logout, registration):
        oidc.include_router(module.router)
    oidc.add_api_route("/jwks", discovery.jwks, methods=["GET"], tags=["oidc"], summary="Signing keys (JWKS)")
    oidc.include_router(pages_router)
    oidc.include_router(account_page_router)
    oidc.include_router(federation_router)

    async def startup(runtime: ServiceRuntime) -> None:
        passwords = Passwords(settings)
        box = SecretBox(settings.secret_key)
        identity = Identity(
            settings=settings,
            db=runtime.db,
            passwords=passwords,
            box=box,
            limiter=rate_limiter(settings.redis_url),
            otp_sender=otp_sender or NotifyOtpSender(settings.notify_base_url, token=lambda: mint()),
            outbox=runtime.outbox,
        )
        internal = InternalToken(identity, runtime.db)

        async def mint() -> str:
            return await internal()

        app.state.identity = identity
        async with runtime.db.transaction() as session:
            await keys.current(session, settings, box)
        sources: list[object] = [keys.DatabaseKeySource(runtime.db)]
        for extra in (settings.oidc_jwks_file, settings.dev_jwks_file):
            if extra:  # development and test tokens signed outside identity
                sources.append(JWKSSource(file=extra))
        housekeeping = Housekeeping(identity)
        runtime.workers.append(housekeeping)
        runtime.tasks.append(asyncio.create_task(housekeeping.run(), name="identity-housekeeping"))
        app.state.token_verifier = TokenVerifier(
            keys.CombinedKeySource(*sources),  # type: ignore[arg-type]
            issuer=settings.issuer,
            audience=settings.oidc_audience,
        )

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua identity — Định danh và xác thực"
        if settings.mode == "suite"
        else "Cổng Dịch vụ công quốc gia — nhà cung cấp định danh (mô phỏng)",
        description="Accounts, OTP and the suite's OpenID Provider (discovery, authorize with PKCE, token, "
        "userinfo, JWKS with rotation, revocation, introspection, RP-initiated logout), and single sign-on "
        "from the national portal.",
        routers=[well_known, oidc, accounts_router, otp_router],
        on_startup=[startup],
    )
    return app
