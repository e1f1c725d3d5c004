"""What the identity service holds for its lifetime, built once in the lifespan (composition root)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from identity.credentials.passwords import Passwords
from identity.otp.sender import OtpSender
from identity.security import SecretBox
from identity.settings import IdentitySettings
from servicekit.db import Database
from servicekit.outbox import Outbox
from servicekit.ratelimit import MemoryRateLimiter, RedisRateLimiter


@dataclass
class Identity:
    settings: IdentitySettings
    db: Database
    passwords: Passwords
    box: SecretBox
    limiter: MemoryRateLimiter | RedisRateLimiter
    otp_sender: OtpSender
    outbox: Outbox


def get_identity(request: Request) -> Identity:
    identity: Identity = request.app.state.identity
    return identity


def client_ip(request: Request) -> str:
    """The caller's address: the gateway's last X-Forwarded-For hop when the peer is a local proxy."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and peer in ("127.0.0.1", "::1"):
        return forwarded.split(",")[-1].strip() or peer
    return peer


IdentityDep = Annotated[Identity, Depends(get_identity)]
