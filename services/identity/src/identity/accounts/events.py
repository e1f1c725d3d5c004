"""Account events through the outbox (never a secret: no password, hash, code or token)."""

from __future__ import annotations

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
        ),
        key=account.subject,
        subject=account.subject,
    )
