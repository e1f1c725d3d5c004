"""The published accounts of agencies, learnt from the catalogue's ``agency.updated`` events."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import AgencyUpdated
from payments.banktransfer.models import AgencyAccount, KnownAgency
from payments.clock import utcnow


async def learn(session: AsyncSession, event: AgencyUpdated) -> None:
    """Keep the agency's published account as the catalogue has it now (none: forget it)."""
    named = {"name": event.name, "updated_at": utcnow()}
    await session.execute(
        pg_insert(KnownAgency)
        .values(code=event.agency_code, **named)
        .on_conflict_do_update(index_elements=["code"], set_=named)
    )
    account = event.bank_account
    if account is None or not event.active:
        await session.execute(delete(AgencyAccount).where(AgencyAccount.agency_code == event.agency_code))
        return
    values = {
        "agency_name": event.name,
        "bank_name": account.bank_name,
        "account_number": account.account_number,
        "account_holder": account.account_holder,
        "branch": account.branch,
        "updated_at": utcnow(),
    }
    await session.execute(
        pg_insert(AgencyAccount)
        .values(agency_code=event.agency_code, **values)
        .on_conflict_do_update(index_elements=["agency_code"], set_=values)
    )
