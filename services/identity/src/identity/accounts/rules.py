"""Pure rules of accounts (no I/O): identifiers, password policy, lockout, roles."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

#: Roles of officials (issue 4 scope; DESIGN §5 "roles per agency").
OFFICIAL_ROLES = frozenset(
    {
        "reception_officer",
        "specialist",
        "unit_head",
        "agency_leader",
        "catalog_admin",
        "agency_admin",
        "system_admin",
    }
)
SO_DINH_DANH = re.compile(r"^\d{12}$")
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
PHONE = re.compile(r"^(0|\+84)\d{9,10}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
AGENCY_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$")


def normalise_username(value: str) -> str:
    return value.strip().lower()


def password_problems(password: str, *, username: str | None = None) -> list[str]:
    """Why a new password is refused (empty = acceptable): at least 10 characters, two kinds of
    character, and not the sign-in name."""
    problems = []
    if len(password) < 10:
        problems.append("too_short")
    kinds = sum(bool(re.search(p, password)) for p in (r"[a-zà-ỹ]", r"[A-ZÀ-Ỹ]", r"\d", r"[^\w\s]|_"))
    if kinds < 2:
        problems.append("too_simple")
    if username and normalise_username(password) == normalise_username(username):
        problems.append("same_as_username")
    return problems


def lock_after_failure(
    failures: int, now: datetime, *, max_failures: int, lockout_minutes: int
) -> datetime | None:
    """After ``max_failures`` wrong passwords in a row the account is locked for a while (R-ID-5)."""
    if failures >= max_failures:
        return now + timedelta(minutes=lockout_minutes)
    return None


def is_locked(status: str, locked_until: datetime | None, now: datetime) -> bool:
    return status == "locked" or (locked_until is not None and locked_until > now)


def may_sign_in(status: str, locked_until: datetime | None, now: datetime) -> bool:
    return status == "active" and not is_locked(status, locked_until, now)


def mfa_required(kind: str) -> bool:
    """Officials always sign in with a second factor; citizens when a client asks for LoA2."""
    return kind == "official"
