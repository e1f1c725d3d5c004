"""Dossier events → ``dossier_fact`` rows (see models for why this is replay- and order-safe)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.statistics.models import DossierFact
from contracts.events import (
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    DossierEvent,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierSubmitted,
)

# Each event type sets one milestone: the column that records when it happened.
MILESTONES: dict[str, str] = {
    DOSSIER_SUBMITTED: "submitted_at",
    DOSSIER_RECEIVED: "received_at",
    DOSSIER_PROCESSING_STARTED: "processing_at",
    DOSSIER_RESOLVED: "resolved_at",
    DOSSIER_RETURNED: "returned_at",
    DOSSIER_REFUSED: "refused_at",
    DOSSIER_WITHDRAWN: "withdrawn_at",
    DOSSIER_STOPPED: "stopped_at",
}
_FILLED_ONCE = ("procedure_version", "channel", "applicant_kind", "refused_at_desk")


def values_for(event_type: str, payload: BaseModel) -> dict[str, Any]:
    """Pure: what one event says about its dossier, as ``dossier_fact`` column values."""
    assert isinstance(payload, DossierEvent)
    at: datetime = payload.occurred_at
    values: dict[str, Any] = {
        "dossier_id": payload.dossier_id,
        "procedure_code": payload.procedure_code,
        "agency_code": payload.agency_code,
        MILESTONES[event_type]: at,
        "last_event_at": at,
    }
    if isinstance(payload, DossierSubmitted):
        values |= {
            "procedure_version": payload.procedure_version,
            "channel": payload.channel.value,
            "applicant_kind": payload.applicant_kind.value,
            "submitted_at": payload.submitted_at,
        }
    elif isinstance(payload, DossierReceived):
        values |= {
            "procedure_version": payload.procedure_version,
            "channel": payload.channel.value,
            "received_at": payload.received_at,
        }
    elif isinstance(payload, DossierResolved):
        values["on_time"] = payload.on_time
    elif isinstance(payload, DossierRefused):
        values["refused_at_desk"] = payload.at_desk
    return values


async def apply(session: AsyncSession, event_type: str, payload: BaseModel) -> None:
    """Merge one event into its dossier's row (commutative and idempotent)."""
    values = values_for(event_type, payload)
    table = DossierFact.__table__
    assert isinstance(table, Table)
    statement = insert(table).values(**values)
    excluded = statement.excluded
    updates: dict[str, Any] = {"last_event_at": func.greatest(table.c.last_event_at, excluded.last_event_at)}
    for column in MILESTONES.values():
        if column in values:
            updates[column] = func.least(table.c[column], excluded[column])
    for column in _FILLED_ONCE:
        if column in values:
            updates[column] = func.coalesce(table.c[column], excluded[column])
    if "on_time" in values:
        # The first resolution decides (a second one would only come from a replay).
        updates["on_time"] = func.coalesce(table.c.on_time, excluded.on_time)
    await session.execute(statement.on_conflict_do_update(index_elements=[table.c.dossier_id], set_=updates))
