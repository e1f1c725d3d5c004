"""Issuing, resending and verifying one-time codes.

A code is 6 digits from ``secrets``, valid ``otp_ttl_seconds``, stored as an HMAC keyed by the service
secret and bound to the challenge id, purpose, subject and reference; it is accepted once. Every
verification attempt is counted in its own committed transaction before the comparison, so a failed
request's rollback never gives an attacker attempts back; after ``otp_max_attempts`` the challenge is
dead. Sends are limited per subject and per client address, and a resend waits for a cool-down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.context import Identity
from identity.otp import rules
from identity.otp.errors import OtpDeliveryUnavailable, OtpInvalid, OtpResendTooSoon, OtpSendLimited
from identity.otp.models import OtpChallenge
from identity.otp.sender import Channel, OtpDelivery, OtpDeliveryFailed
from identity.security import equals, keyed_hash
from servicekit.db import utcnow
from servicekit.i18n import current_language


@dataclass(frozen=True)
class Recipient:
    subject: str
    channel: Channel
    address: str


def _hash(identity: Identity, challenge: OtpChallenge, code: str) -> str:
    return keyed_hash(
        identity.settings.secret_key,
        "otp",
        str(challenge.id),
        challenge.purpose,
        challenge.subject,
        challenge.reference or "",
        code,
    )


async def _check_send_limits(identity: Identity, *, subject: str, client_ip: str | None) -> None:
    settings = identity.settings
    decision = await identity.limiter.hit(
        f"otp-subject:{subject}", limit=settings.otp_sends_per_subject_hour, window=3600
    )
    if not decision.allowed:
        raise OtpSendLimited(headers={"Retry-After": str(decision.retry_after)})
    if client_ip:
        decision = await identity.limiter.hit(
            f"otp-ip:{client_ip}", limit=settings.otp_sends_per_ip_hour, window=3600
        )
        if not decision.allowed:
            raise OtpSendLimited(headers={"Retry-After": str(decision.retry_after)})


async def _deliver(identity: Identity, challenge: OtpChallenge, recipient_subject: str | None) -> None:
    code = rules.new_code()
    challenge.code_hash = _hash(identity, challenge, code)
    challenge.sends += 1
    challenge.last_sent_at = utcnow()
    challenge.expires_at = challenge.last_sent_at + timedelta(seconds=identity.settings.otp_ttl_seconds)
    assert challenge.address is not None
    lang: Literal["vi", "en"] = "en" if current_language.get() == "en" else "vi"
    try:
        await identity.otp_sender.send(
            OtpDelivery(
                recipient_subject=recipient_subject,
                channel=challenge.channel,  # type: ignore[arg-type]
                address=challenge.address,
                code=code,
                purpose=challenge.purpose,
                expires_in_minutes=max(1, identity.settings.otp_ttl_seconds // 60),
                language=lang,
            )
        )
    except OtpDeliveryFailed as exc:
        raise OtpDeliveryUnavailable() from exc


async def issue(
    session: AsyncSession,
    identity: Identity,
    *,
    purpose: str,
    recipient: Recipient,
    reference: str | None = None,
    client_ip: str | None = None,
    known_subject: bool = True,
) -> OtpChallenge:
    """A new challenge whose code is sent to ``recipient`` now (limits first, then delivery)."""
    assert purpose in rules.PURPOSES
    await _check_send_limits(identity, subject=recipient.subject, client_ip=client_ip)
    now = utcnow()
    challenge = OtpChallenge(
        id=uuid.uuid4(),
        purpose=purpose,
        subject=recipient.subject,
        channel=recipient.channel,
        address=recipient.address,
        reference=reference,
        attempts=0,
        sends=0,
        created_at=now,
        expires_at=now,
        client_ip=client_ip,
    )
    session.add(challenge)
    await _deliver(identity, challenge, recipient.subject if known_subject else None)
    await session.flush()
    return challenge


def decoy(purpose: str) -> OtpChallenge:
    """A challenge that is never stored: what an unknown account gets, so answers look the same."""
    now = utcnow()
    return OtpChallenge(
        id=uuid.uuid4(), purpose=purpose, subject="", channel="sms", created_at=now, expires_at=now
    )


async def resend(
    session: AsyncSession, identity: Identity, *, challenge_id: uuid.UUID, client_ip: str | None
) -> OtpChallenge | None:
    """Send a fresh code for a live challenge after the cool-down; None for an unknown challenge."""
    challenge = await session.get(OtpChallenge, challenge_id, with_for_update=True)
    if challenge is None or challenge.consumed_at is not None or challenge.channel == "totp":
        return None
    wait = rules.resend_wait(challenge.last_sent_at, utcnow(), identity.settings.otp_resend_cooldown)
    if wait:
        raise OtpResendTooSoon(seconds=wait, headers={"Retry-After": str(wait)})
    await _check_send_limits(identity, subject=challenge.subject, client_ip=client_ip)
    challenge.attempts = 0
    await _deliver(identity, challenge, challenge.subject)
    return challenge


async def check(
    session: AsyncSession,
    identity: Identity,
    *,
    challenge_id: uuid.UUID | None,
    purpose: str,
    subject: str | None,
    code: str,
    reference: str | None = None,
) -> OtpChallenge:
    """Accept ``code`` once for this challenge, purpose, subject and reference, else ``OtpInvalid``."""
    if challenge_id is None or not (len(code) == 6 and code.isdigit()):
        raise OtpInvalid()
    table = OtpChallenge.__table__
    assert isinstance(table, Table)
    # Count the attempt first, in a transaction of its own that commits whatever happens next.
    async with identity.db.transaction() as counting:
        counted = (
            await counting.execute(
                update(table)
                .where(
                    table.c.id == challenge_id,
                    table.c.attempts < identity.settings.otp_max_attempts,
                    table.c.consumed_at.is_(None),
                    table.c.expires_at > utcnow(),
                    table.c.channel != "totp",
                )
                .values(attempts=table.c.attempts + 1)
                .returning(table.c.id)
            )
        ).first()
    if counted is None:
        raise OtpInvalid()
    challenge = await session.get(OtpChallenge, challenge_id, populate_existing=True, with_for_update=True)
    if (
        challenge is None
        or challenge.consumed_at is not None
        or challenge.purpose != purpose
        or (subject is not None and challenge.subject != subject)
        or (challenge.reference or None) != (reference or None)
        or challenge.code_hash is None
        or not equals(challenge.code_hash, _hash(identity, challenge, code))
    ):
        raise OtpInvalid()
    challenge.consumed_at = utcnow()
    return challenge
