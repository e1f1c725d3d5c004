"""Dossier and rating events → ``dossier_fact`` rows (see models for why this is replay- and order-safe).

Each column has one merge rule, the same whatever event brings it:
- a milestone time keeps the earliest value (``LEAST``);
- a fact that belongs to a milestone (who received, the promised date, who decided, on time or
  not, refused at the desk or not) is taken from the earliest occurrence of that milestone;
- the extension kept is the latest (``extended_at``) and the rating the highest revision;
- descriptive values (code, version, channel, applicant kind, field) are filled once.
Every rule is commutative and idempotent, so the row is the same for any order of the same events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Table, and_, case, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.statistics.models import DossierFact
from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_RETURNED,
    DOSSIER_STOPPED,
    DOSSIER_SUBMITTED,
    DOSSIER_WITHDRAWN,
    RATING_SUBMITTED,
    DossierEvent,
    DossierExtended,
    DossierReceived,
    DossierRefused,
    DossierResolved,
    DossierSubmitted,
    RatingSubmitted,
)

# Each dossier event type sets one milestone: the column that records when it happened.
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
#: Every event type the statistics consume.
HANDLED: tuple[str, ...] = (*MILESTONES, DOSSIER_EXTENDED, RATING_SUBMITTED)

_FILLED_ONCE = ("dossier_code", "procedure_version", "channel", "applicant_kind", "field_code")
# Facts taken from the earliest occurrence of their milestone.
_WITH_MILESTONE: dict[str, tuple[str, ...]] = {
    "received_at": ("received_by", "appointment_date"),
    "resolved_at": ("resolved_by", "on_time"),
    "refused_at": ("refused_by", "refused_at_desk"),
}
_EXTENSION = ("extended_appointment_date",)
_RATING = (
    "rating_changed_at",
    "rating_overall",
    "rating_ease_of_use",
    "rating_timeliness",
    "rating_officer_attitude",
)


def values_for(event_type: str, payload: BaseModel) -> dict[str, Any]:
    """Pure: what one event says about its dossier, as ``dossier_fact`` column values."""
    assert isinstance(payload, DossierEvent)
    at: datetime = payload.occurred_at
    values: dict[str, Any] = {
        "dossier_id": payload.dossier_id,
        "procedure_code": payload.procedure_code,
        "agency_code": payload.agency_code,
        "last_event_at": at,
    }
    if payload.dossier_code is not None:
        values["dossier_code"] = payload.dossier_code
    if event_type in MILESTONES:
        values[MILESTONES[event_type]] = at
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
            "received_by": payload.received_by,
            "appointment_date": payload.appointment_date,
        }
    elif isinstance(payload, DossierResolved):
        values |= {"on_time": payload.on_time, "resolved_by": payload.decided_by}
    elif isinstance(payload, DossierRefused):
        values |= {"refused_at_desk": payload.at_desk, "refused_by": payload.decided_by}
    elif isinstance(payload, DossierExtended):
        values |= {"extended_at": at, "extended_appointment_date": payload.new_appointment_date}
    elif isinstance(payload, RatingSubmitted):
        values |= {
            "rating_revision": payload.revision,
            "rating_changed_at": at,
            "rated_at": payload.first_submitted_at,
            "rating_overall": payload.overall.value,
            "rating_ease_of_use": payload.ease_of_use.value,
            "rating_timeliness": payload.timeliness.value,
            "rating_officer_attitude": payload.officer_attitude.value,
        }
    return values


async def field_of(session: AsyncSession, *, procedure_code: str, version: int) -> str | None:
    """The field of a published version (never changes once published); None if unknown here."""
    field = await session.scalar(
        select(ProcedureVersion.field_code)
        .join(Procedure, Procedure.id == ProcedureVersion.procedure_id)
        .where(
            Procedure.code == procedure_code,
            ProcedureVersion.number == version,
            ProcedureVersion.status != VersionStatus.DRAFT.value,
        )
    )
    return str(field) if field is not None else None


def _earlier(new: Any, old: Any) -> ColumnElement[bool]:
    return or_(old.is_(None), new < old)


def merge_rules(table: Table, excluded: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The ``ON CONFLICT DO UPDATE SET`` of one event's values (every expression reads the old row)."""
    c = table.c
    updates: dict[str, Any] = {"last_event_at": func.greatest(c.last_event_at, excluded.last_event_at)}
    for column in (*MILESTONES.values(), "rated_at"):
        if column in values:
            updates[column] = func.least(c[column], excluded[column])
    for column in _FILLED_ONCE:
        if column in values:
            updates[column] = func.coalesce(c[column], excluded[column])
    for milestone, facts in _WITH_MILESTONE.items():
        if milestone in values:
            first = _earlier(excluded[milestone], c[milestone])
            for fact in facts:
                updates[fact] = case((first, excluded[fact]), else_=c[fact])
    if "extended_at" in values:
        later = or_(c.extended_at.is_(None), excluded.extended_at > c.extended_at)
        updates["extended_at"] = func.greatest(c.extended_at, excluded.extended_at)
        for column in _EXTENSION:
            updates[column] = case((later, excluded[column]), else_=c[column])
    if "rating_revision" in values:
        newer = or_(
            c.rating_revision.is_(None),
            excluded.rating_revision > c.rating_revision,
            and_(
                excluded.rating_revision == c.rating_revision,
                excluded.rating_changed_at > c.rating_changed_at,
            ),
        )
        updates["rating_revision"] = func.greatest(c.rating_revision, excluded.rating_revision)
        for column in _RATING:
            updates[column] = case((newer, excluded[column]), else_=c[column])
    return updates


async def apply(session: AsyncSession, event_type: str, payload: BaseModel) -> None:
    """Merge one event into its dossier's row (commutative and idempotent)."""
    values = values_for(event_type, payload)
    if values.get("procedure_version") is not None:
        field = await field_of(
            session, procedure_code=values["procedure_code"], version=values["procedure_version"]
        )
        if field is not None:
            values["field_code"] = field
    table = DossierFact.__table__
    assert isinstance(table, Table)
    statement = insert(table).values(**values)
    updates = merge_rules(table, statement.excluded, values)
    await session.execute(statement.on_conflict_do_update(index_elements=[table.c.dossier_id], set_=updates))
