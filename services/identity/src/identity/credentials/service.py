"""Enrolling an official's authenticator app (TOTP): a new secret, confirmed by a first code."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts import repository
from identity.context import Identity
from identity.credentials import totp
from identity.credentials.models import TotpCredential
from identity.otp.errors import OtpInvalid
from servicekit.db import utcnow


async def start_enrolment(
    session: AsyncSession, identity: Identity, account_id: uuid.UUID, *, label: str
) -> tuple[str, str]:
    """A fresh secret (replacing any earlier one, which stops working) and its ``otpauth://`` URI."""
    secret = totp.new_secret()
    credential = await repository.totp_of(session, account_id)
    if credential is None:
        credential = TotpCredential(account_id=account_id, created_at=utcnow())
        session.add(credential)
    credential.secret_sealed = identity.box.seal(secret)
    credential.last_step = 0
    credential.confirmed_at = None
    return secret, totp.provisioning_uri(secret, account_name=label, issuer=identity.settings.display_name)


async def confirm_enrolment(
    session: AsyncSession, identity: Identity, account_id: uuid.UUID, code: str
) -> None:
    decision = await identity.limiter.hit(
        f"totp:{account_id}", limit=identity.settings.otp_max_attempts, window=300
    )
    credential = await repository.totp_of(session, account_id)
    if credential is None or credential.confirmed_at is not None or not decision.allowed:
        raise OtpInvalid()
    step = totp.matching_step(
        identity.box.open(credential.secret_sealed), code.strip(), last_step=credential.last_step
    )
    if step is None:
        raise OtpInvalid()
    credential.last_step = step
    credential.confirmed_at = utcnow()
