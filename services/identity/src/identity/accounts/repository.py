"""Queries on accounts and their credentials; no commits here."""

from __future__ import annotations

import uuid

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.models import Account
from identity.credentials.models import PasswordCredential, TotpCredential
from servicekit.db import utcnow


async def get(session: AsyncSession, account_id: uuid.UUID, *, for_update: bool = False) -> Account | None:
    return await session.get(Account, account_id, with_for_update=for_update)


async def by_username(session: AsyncSession, username: str) -> Account | None:
    return await session.scalar(select(Account).where(Account.username == username))


async def by_so_dinh_danh(session: AsyncSession, so_dinh_danh: str) -> Account | None:
    return await session.scalar(select(Account).where(Account.so_dinh_danh == so_dinh_danh))


async def password_of(session: AsyncSession, account_id: uuid.UUID) -> PasswordCredential | None:
    return await session.get(PasswordCredential, account_id)


async def totp_of(session: AsyncSession, account_id: uuid.UUID) -> TotpCredential | None:
    return await session.get(TotpCredential, account_id, with_for_update=True)


async def record_failed_sign_in(
    session: AsyncSession, account_id: uuid.UUID, *, max_failures: int, lockout_minutes: int
) -> None:
    """Count a wrong password; lock for ``lockout_minutes`` at ``max_failures`` (one atomic update)."""
    from sqlalchemy import case, func

    table = Account.__table__
    assert isinstance(table, Table)
    failures = table.c.failed_logins + 1
    await session.execute(
        update(table)
        .where(table.c.id == account_id)
        .values(
            failed_logins=case((failures >= max_failures, 0), else_=failures),
            locked_until=case(
                (failures >= max_failures, func.now() + func.make_interval(0, 0, 0, 0, 0, lockout_minutes)),
                else_=table.c.locked_until,
            ),
            updated_at=utcnow(),
        )
    )
