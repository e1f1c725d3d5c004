"""TOTP (RFC 6238, pyotp) for officials: 6 digits, 30 s steps, ±1 step of drift, no replay."""

from __future__ import annotations

import time

import pyotp


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, account_name: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def matching_step(secret: str, code: str, *, last_step: int, now: float | None = None) -> int | None:
    """The time step ``code`` is valid for (current ±1), if later than ``last_step``; else None."""
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    at = time.time() if now is None else now
    current = int(at // totp.interval)
    for step in (current - 1, current, current + 1):
        if step > last_step and pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
