"""Account events through the outbox (never a secret: no password, hash, code or token)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.identity import (
    ACCOUNT_REGISTERED,
    ACCOUNT_UPDATED,
    AccountKind,
    AccountRegistered,
    AccountUpdated,
)
from identity.accounts.models import Account
from servicekit.db import utcnow
from servicekit.outbox import Outbox


def _official(account: Account) -> dict[str, Any]:
    """An official's agency, unit and roles, so that other services know who may be assigned work."""
    if account.kind != "official":
        return {}
    return {
        "agencies": (account.agency_code,) if account.agency_code else (),
        "unit": account.unit or None,
        "roles": tuple(account.roles or ()),
    }


async def registered(session: AsyncSession, outbox: Outbox, account: Account, *, federated: bool) -> None:
    await outbox.add(
        session,
        ACCOUNT_REGISTERED,
        AccountRegistered(
            subject=account.subject,
            kind=AccountKind(account.kind),
            full_name=account.full_name,
            email=account.email,
            phone=account.phone,
            occurred_at=utcnow(),
            federated=federated,
            **_official(account),
        ),
        key=account.subject,
        subject=account.subject,
    )


async def updated(session: AsyncSession, outbox: Outbox, account: Account, changed: list[str]) -> None:
    await outbox.add(
        session,
        ACCOUNT_UPDATED,
        AccountUpdated(
            subject=account.subject,
            kind=AccountKind(account.kind),
            full_name=account.full_name,
            email=account.email,
            phone=account.phone,
            occurred_at=utcnow(),
            active=account.status == "active",
            changed_fields=tuple(changed),
            **_official(account),
        ),
        key=account.subject,
        subject=account.subject,
    )
