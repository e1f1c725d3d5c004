"""Rate limits per channel and per recipient: sliding windows counted on the message table.

Counting rows (not in-memory counters) makes every replica agree and survives restarts; a
transaction-level advisory lock per (channel, recipient) serialises the count-then-insert, so two
concurrent requests cannot both take the last place. Skipped messages do not count.

- Event-driven notices: at most ``per_channel[channel]`` messages per recipient per window; an
  optional notice over the limit is recorded ``skipped`` with the reason. Legal notices are never
  held back (they count towards the limit all the same).
- OTP and verification codes: at most ``otp`` per address per window; the OTP endpoint answers 429.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import Channel
from notify.messages import repository

OTP_TEMPLATE_CODES = ("account.otp", "account.verification")


@dataclass(frozen=True)
class Limit:
    count: int
    window_seconds: int

    def describe(self, channel: Channel) -> str:
        return f"rate limit: at most {self.count} {channel.value} message(s) per {self.window_seconds} s"


@dataclass(frozen=True)
class RecipientLimits:
    per_channel: Mapping[Channel, Limit] = field(default_factory=dict)
    otp: Limit = Limit(5, 900)


async def _lock(session: AsyncSession, key: str) -> None:
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))


async def notice_over_limit(
    session: AsyncSession, *, limits: RecipientLimits, channel: Channel, recipient_subject: str, now: datetime
) -> Limit | None:
    """The limit a new notice to this recipient on this channel would break, or None."""
    limit = limits.per_channel.get(channel)
    if limit is None:
        return None
    await _lock(session, f"notify-limit:{channel.value}:{recipient_subject}")
    sent = await repository.count_since(
        session,
        channel=channel,
        recipient_subject=recipient_subject,
        since=now - timedelta(seconds=limit.window_seconds),
    )
    return limit if sent >= limit.count else None


async def otp_retry_after(
    session: AsyncSession, *, limits: RecipientLimits, channel: Channel, address: str, now: datetime
) -> int | None:
    """Seconds until another code may go to ``address``, or None when one may go now."""
    limit = limits.otp
    since = now - timedelta(seconds=limit.window_seconds)
    await _lock(session, f"notify-otp:{channel.value}:{address}")
    sent = await repository.count_since(
        session, channel=channel, address=address, since=since, template_codes=OTP_TEMPLATE_CODES
    )
    if sent < limit.count:
        return None
    oldest = await repository.oldest_since(
        session, channel=channel, address=address, since=since, template_codes=OTP_TEMPLATE_CODES
    )
    lifts_at = (oldest or now) + timedelta(seconds=limit.window_seconds)
    return max(1, int((lifts_at - now).total_seconds()) + 1)
