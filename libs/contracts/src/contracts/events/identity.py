"""Events on the identity topic. Never a secret here: no password, hash, OTP code or token."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr

__all__ = ["ACCOUNT_REGISTERED", "ACCOUNT_UPDATED", "AccountKind", "AccountRegistered", "AccountUpdated"]

ACCOUNT_REGISTERED = "vn.motcua.account.registered.v1"
ACCOUNT_UPDATED = "vn.motcua.account.updated.v1"


class AccountKind(StrEnum):
    """Who holds an account."""

    CITIZEN = "citizen"
    ORGANISATION = "organisation"
    OFFICIAL = "official"


class _AccountEvent(EventPayload):
    subject: NonEmptyStr = Field(description="The account's subject id, as in tokens (`sub`).")
    kind: AccountKind
    full_name: NonEmptyStr
    email: NonEmptyStr | None = None
    phone: NonEmptyStr | None = None
    occurred_at: AwareDatetime
    agencies: tuple[NonEmptyStr, ...] = Field(
        default=(),
        description="Officials: the agencies they act for (as the `agencies` claim of their tokens).",
    )
    unit: NonEmptyStr | None = Field(default=None, description="Officials: their unit within the agency.")
    roles: tuple[NonEmptyStr, ...] = Field(
        default=(), description="Officials: their roles (`reception_officer`, `specialist`, `unit_head`, …)."
    )


class AccountRegistered(_AccountEvent):
    """An account was created (R-ID-1), locally or on first sign-in through the national portal."""

    federated: bool = Field(description="Created on first sign-in through the national portal (R-ID-2).")


class AccountUpdated(_AccountEvent):
    """Account information changed; the payload carries the full current contact details."""

    active: bool = True
    changed_fields: tuple[NonEmptyStr, ...] = ()
