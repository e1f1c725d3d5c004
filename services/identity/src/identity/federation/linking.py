"""First sign-in through the national portal links the local account by personal id number (or tax
code for an organisation) or creates one (R-ID-2)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts import events, repository
from identity.accounts.models import Account
from identity.context import Identity
from identity.federation.models import FederatedIdentity


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


async def link_or_create(
    session: AsyncSession, identity: Identity, *, provider: str, userinfo: dict[str, Any]
) -> Account | None:
    """The local account for this national identity, linked on first sign-in; None if unusable."""
    subject = str(userinfo["sub"])
    link = await session.get(FederatedIdentity, (provider, subject))
    if link is not None:
        account = await repository.get(session, link.account_id, for_update=True)
    else:
        organisation = str(userinfo.get("LoaiTaiKhoan", "1")) == "2"
        key = (
            _text(userinfo.get("MaSoDoanhNghiep") or userinfo.get("MaSoThue"))
            if organisation
            else _text(userinfo.get("SoDinhDanh"))
        )
        if not key:
            return None
        account = await repository.by_username(session, key.lower())
        if account is None:
            account = _new_account(userinfo, organisation=organisation, key=key)
            session.add(account)
            await session.flush()
            await events.registered(session, identity.outbox, account, federated=True)
        elif account.kind == "official":
            return None
        session.add(FederatedIdentity(provider=provider, upstream_subject=subject, account_id=account.id))
    if account is None or account.status not in ("active", "pending"):
        return None
    if account.status == "pending":  # the national portal has verified this person: finish registration
        account.status = "active"
    level = userinfo.get("MucDoDinhDanh")
    if isinstance(level, int) and level > account.identity_level:
        account.identity_level = level
    await session.flush()
    return account


def _new_account(userinfo: dict[str, Any], *, organisation: bool, key: str) -> Account:
    birth = _text(userinfo.get("NgaySinh"))
    level = userinfo.get("MucDoDinhDanh")
    return Account(
        id=uuid.uuid4(),
        kind="organisation" if organisation else "citizen",
        username=key.lower(),
        status="active",
        full_name=_text(userinfo.get("HoVaTen")) or key,
        so_dinh_danh=None if organisation else key,
        tax_code=key if organisation else _text(userinfo.get("MaSoThue")),
        date_of_birth=date.fromisoformat(birth) if birth else None,
        phone=_text(userinfo.get("SoDienThoai")),
        email=_text(userinfo.get("ThuDienTu")),
        address=_text(userinfo.get("DiaChi")),
        phone_verified=bool(userinfo.get("SoDienThoai")),
        email_verified=bool(userinfo.get("ThuDienTu")),
        identity_level=level if isinstance(level, int) else 1,
    )
