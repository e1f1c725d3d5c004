"""The dossier read model: kept up to date from the dossier events, idempotently."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import DossierEvent, DossierReceived, DossierSubmitted
from payments.clock import utcnow
from payments.dossiers.models import Dossier

#: Statuses after which no fee is collected any more.
CLOSED = frozenset({"refused", "stopped", "withdrawn", "returned"})


async def get(session: AsyncSession, dossier_id: uuid.UUID, *, lock: bool = False) -> Dossier | None:
    statement = select(Dossier).where(Dossier.id == dossier_id).execution_options(populate_existing=True)
    if lock:
        statement = statement.with_for_update()
    dossier: Dossier | None = (await session.scalars(statement)).first()
    return dossier


async def received(session: AsyncSession, event: DossierReceived) -> Dossier:
    """Record (or refresh) a received dossier and lock its row for the caller."""
    values = {
        "code": event.dossier_code,
        "agency_code": event.agency_code,
        "procedure_code": event.procedure_code,
        "procedure_version": event.procedure_version,
        "applicant_subject": event.applicant_subject,
        "status": "received",
        "payment_due": event.payment_due.value,
        "updated_at": utcnow(),
    }
    await session.execute(
        pg_insert(Dossier)
        .values(id=event.dossier_id, result_produced=False, order_pending=False, order_attempts=0, **values)
        .on_conflict_do_update(index_elements=["id"], set_=values)
    )
    dossier = await get(session, event.dossier_id, lock=True)
    assert dossier is not None
    return dossier


async def submitted(session: AsyncSession, event: DossierSubmitted) -> None:
    """Remember who the applicant is (a reception later fills in the rest; it never erases the name)."""
    values = {
        "agency_code": event.agency_code,
        "procedure_code": event.procedure_code,
        "procedure_version": event.procedure_version,
        "applicant_subject": event.applicant_subject,
        "status": "submitted",
        "payment_due": "none",
        "updated_at": utcnow(),
    }
    await session.execute(
        pg_insert(Dossier)
        .values(
            id=event.dossier_id,
            code=event.dossier_code,
            applicant_name=event.applicant_name,
            result_produced=False,
            order_pending=False,
            order_attempts=0,
            **values,
        )
        .on_conflict_do_update(index_elements=["id"], set_={"applicant_name": event.applicant_name})
    )


async def update_status(
    session: AsyncSession, event: DossierEvent, status: str, *, reason: str | None = None
) -> Dossier | None:
    """A later lifecycle event of a dossier we know (others are not ours to track)."""
    dossier = await get(session, event.dossier_id, lock=True)
    if dossier is None:
        return None
    dossier.status = status
    if event.dossier_code:
        dossier.code = event.dossier_code
    if status == "resolved":
        dossier.result_produced = True
    if status in CLOSED:
        dossier.closed_reason = reason
        dossier.order_pending = False
    dossier.updated_at = utcnow()
    return dossier
