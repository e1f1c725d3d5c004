"""Background upkeep: rotate the signing key when due, delete what has expired."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import structlog
from sqlalchemy import delete

from identity.context import Identity
from identity.federation.models import UpstreamRequest
from identity.oidc import keys
from identity.oidc.models import (
    AuthorizationCode,
    BrowserSession,
    Interaction,
    RefreshToken,
    RevokedAccessToken,
    SigningKey,
    UsedClientAssertion,
)
from identity.otp.models import OtpChallenge
from servicekit.db import utcnow

log = structlog.get_logger("identity.housekeeping")


class Housekeeping:
    def __init__(self, identity: Identity, *, interval: float = 600.0) -> None:
        self.identity = identity
        self.interval = interval
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.once()
            except Exception as exc:  # upkeep must never stop the service
                log.warning("housekeeping_failed", error=f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)

    async def once(self) -> None:
        identity = self.identity
        now = utcnow()
        day = timedelta(days=1)
        async with identity.db.transaction() as session:
            rotated = await keys.rotate_if_due(session, identity.settings, identity.box)
            if rotated:
                log.info("signing_key_rotated", kid=rotated)
            await session.execute(delete(SigningKey).where(SigningKey.expires_at < now))
            await session.execute(delete(AuthorizationCode).where(AuthorizationCode.expires_at < now - day))
            await session.execute(delete(Interaction).where(Interaction.expires_at < now))
            await session.execute(delete(OtpChallenge).where(OtpChallenge.expires_at < now - day))
            await session.execute(delete(UsedClientAssertion).where(UsedClientAssertion.expires_at < now))
            await session.execute(delete(RevokedAccessToken).where(RevokedAccessToken.expires_at < now))
            await session.execute(delete(RefreshToken).where(RefreshToken.expires_at < now - day))
            await session.execute(delete(BrowserSession).where(BrowserSession.expires_at < now - day))
            await session.execute(
                delete(UpstreamRequest).where(UpstreamRequest.created_at < now - timedelta(hours=1))
            )
