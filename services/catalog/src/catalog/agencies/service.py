"""Use cases on agencies: create, change, read, list. Every change emits ``agency.updated`` (outbox)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository
from catalog.agencies.errors import AgencyExists, AgencyInvalid, AgencyNotFound, field_error
from catalog.agencies.models import Agency
from catalog.agencies.rules import AdministrativeLevel, code_problems
from catalog.agencies.schemas import AgencyCreate, AgencyUpdate
from catalog.auth import ensure_may_edit, ensure_system_admin
from catalog.folding import fold, words
from catalog.paging import after_values, cut
from contracts.events import AGENCY_UPDATED, AgencyBankAccount, AgencyUpdated
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError
from servicekit.outbox import Outbox


async def get(session: AsyncSession, *, code: str, for_update: bool = False) -> Agency:
    agency = await repository.get(session, code=code, for_update=for_update)
    if agency is None:
        raise AgencyNotFound(agency_code=code)
    return agency


async def list_agencies(
    session: AsyncSession,
    *,
    parent_code: str | None,
    level: AdministrativeLevel | None,
    q: str | None,
    active: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Agency], str | None]:
    after = after_values(cursor, 1)
    rows = await repository.search(
        session,
        parent_code=parent_code,
        level=level.value if level else None,
        name_words=words(q or ""),
        active=active,
        after_code=after[0] if after else None,
        limit=limit + 1,
    )
    return cut(rows, limit, lambda a: [a.code])


async def _check_place(
    session: AsyncSession, *, code: str, level: AdministrativeLevel, parent_code: str | None
) -> None:
    parent_level = None
    errors: list[FieldError] = []
    if parent_code is not None:
        parent = await repository.get(session, code=parent_code)
        if parent is None:
            errors.append(field_error("parent_code", "unknown_parent", value=parent_code))
        else:
            parent_level = AdministrativeLevel(parent.administrative_level)
    errors += [field_error(f, p) for f, p in code_problems(code, level, parent_code, parent_level)]
    if errors:
        raise AgencyInvalid(errors=errors)


async def create(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, data: AgencyCreate
) -> Agency:
    """A new agency, declared by its parent's administrators (a province its departments)."""
    if data.parent_code is None:
        # A top-level unit (a ministry, a province) is declared by the system administrator.
        ensure_system_admin(principal)
    else:
        ensure_may_edit(principal, data.parent_code)
    await _check_place(session, code=data.code, level=data.administrative_level, parent_code=data.parent_code)
    if await repository.get(session, code=data.code) is not None:
        raise AgencyExists(agency_code=data.code)
    now = utcnow()
    agency = Agency(
        code=data.code,
        name=data.name,
        short_name=data.short_name,
        name_folded=fold(data.name),
        parent_code=data.parent_code,
        administrative_level=data.administrative_level.value,
        address=data.address,
        phone=data.phone,
        feedback_email=data.feedback_email,
        website=data.website,
        bank_account=data.bank_account.model_dump() if data.bank_account else None,
        active=True,
        created_at=now,
        updated_at=now,
    )
    repository.add(session, agency)
    await session.flush()
    await _emit(outbox, session, agency, now)
    return agency


async def update(
    session: AsyncSession, outbox: Outbox, *, principal: Principal, agency: Agency, data: AgencyUpdate
) -> Agency:
    """Apply the fields sent; moving an agency needs the rights on both its old and new parent."""
    ensure_may_edit(principal, agency.code)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if "parent_code" in changes and changes["parent_code"] != agency.parent_code:
        ensure_may_edit(principal, *(c for c in (agency.parent_code, changes["parent_code"]) if c))
    for required in ("name", "administrative_level", "active"):
        if required in changes and changes[required] is None:
            raise AgencyInvalid(errors=[FieldError(required, "missing", "Trường này là bắt buộc.")])
    level = AdministrativeLevel(changes.get("administrative_level") or agency.administrative_level)
    parent_code = changes.get("parent_code", agency.parent_code)
    await _check_place(session, code=agency.code, level=level, parent_code=parent_code)
    for name, value in changes.items():
        setattr(agency, name, value.value if isinstance(value, AdministrativeLevel) else value)
    if "name" in changes:
        agency.name_folded = fold(agency.name)
    now = utcnow()
    agency.updated_at = now
    await session.flush()
    await _emit(outbox, session, agency, now)
    return agency


async def _emit(outbox: Outbox, session: AsyncSession, agency: Agency, now: datetime) -> None:
    await outbox.add(
        session,
        AGENCY_UPDATED,
        AgencyUpdated(
            agency_id=agency.id,
            agency_code=agency.code,
            name=agency.name,
            parent_code=agency.parent_code,
            administrative_level=agency.administrative_level,
            active=agency.active,
            bank_account=_published_account(agency),
            occurred_at=now,
        ),
        key=str(agency.id),
        subject=agency.code,
    )


def _published_account(agency: Agency) -> AgencyBankAccount | None:
    account = agency.bank_account
    if not account:
        return None
    return AgencyBankAccount(
        bank_name=account["bank_name"],
        account_number=account["account_number"],
        account_holder=account["account_holder"],
        branch=account.get("branch") or None,
    )
