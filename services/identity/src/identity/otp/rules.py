"""Pure rules of one-time codes (no I/O)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

PURPOSES = frozenset(
    {"registration", "sign_in", "step_up", "password_reset", "dossier_confirmation", "contact_change"}
)


def new_code() -> str:
    """Six digits from the OS's cryptographic generator (eGov DIGIT uses a non-cryptographic one)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def mask_address(channel: str, address: str) -> str:
    """What a page may show of where the code went: ``09*****678``, ``a***@example.vn``."""
    if channel == "email" and "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(address) <= 5:
        return "*" * len(address)
    return address[:2] + "*" * (len(address) - 5) + address[-3:]


def resend_wait(last_sent_at: datetime | None, now: datetime, cooldown_seconds: int) -> int:
    """Seconds left before another code may be sent for the same challenge (0 = now)."""
    if last_sent_at is None:
        return 0
    left = (last_sent_at + timedelta(seconds=cooldown_seconds) - now).total_seconds()
    return max(0, int(left + 0.999))
