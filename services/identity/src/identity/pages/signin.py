"""Steps of signing in at the provider: password, then a second factor when the level asks for it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts import repository as accounts
from identity.accounts.models import Account
from identity.context import Identity
from identity.credentials import totp
from identity.oidc.models import Interaction
from identity.otp import service as otp
from identity.otp.errors import OtpInvalid
from identity.otp.models import OtpChallenge

#: RFC 8176 method references per second factor.
AMR = {"totp": ["otp"], "sms": ["sms", "otp"], "email": ["otp"]}


async def second_factor(
    session: AsyncSession, identity: Identity, interaction: Interaction, account: Account, *, client_ip: str
) -> OtpChallenge | None:
    """Start the second factor: TOTP for officials who enrolled one (no challenge sent), otherwise a
    code by email (or SMS when there is no email)."""
    credential = await accounts.totp_of(session, account.id)
    if credential is not None and credential.confirmed_at is not None:
        interaction.otp_challenge_id = None
        return None
    if account.email:
        recipient = otp.Recipient(account.subject, "email", account.email)
    elif account.phone:
        recipient = otp.Recipient(account.subject, "sms", account.phone)
    else:
        raise OtpInvalid()
    purpose = "step_up" if interaction.account_id is None else "sign_in"
    challenge = await otp.issue(session, identity, purpose=purpose, recipient=recipient, client_ip=client_ip)
    interaction.otp_challenge_id = challenge.id
    return challenge


async def verify_second_factor(
    session: AsyncSession,
    identity: Identity,
    interaction: Interaction,
    account: Account,
    code: str,
    purpose: str,
) -> str:
    """Check the code; returns the factor used (``totp``/``sms``/``email``) or raises ``OtpInvalid``."""
    credential = await accounts.totp_of(session, account.id)
    if credential is not None and credential.confirmed_at is not None:
        # TOTP attempts share the sign-in limiter: 6 digits must not be guessable by repetition.
        decision = await identity.limiter.hit(
            f"totp:{account.id}", limit=identity.settings.otp_max_attempts, window=300
        )
        step = totp.matching_step(
            identity.box.open(credential.secret_sealed), code.strip(), last_step=credential.last_step
        )
        if not decision.allowed or step is None:
            raise OtpInvalid()
        credential.last_step = step
        return "totp"
    challenge_id: uuid.UUID | None = interaction.otp_challenge_id
    challenge = await otp.check(
        session,
        identity,
        challenge_id=challenge_id,
        purpose=purpose,
        subject=account.subject,
        code=code.strip(),
    )
    return challenge.channel
