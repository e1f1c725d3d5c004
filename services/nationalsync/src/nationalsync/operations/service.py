"""Use cases of the operator view: counts, failures, dossiers, one dossier's history, retries.

Visibility: a system administrator sees every dossier; an agency administrator those of their
agencies only (others answer 404, as if they did not exist).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, true, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from nationalsync.directory.models import ProcedureName
from nationalsync.operations.errors import NothingToRetry, SyncDossierNotFound, SyncJobNotFound
from nationalsync.queue.models import JobState, SyncAttempt, SyncJob
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.national import IncompleteRecord, ProcedureInfo, national_record
from nationalsync.records.repository import to_state
from nationalsync.records.service import wake
from servicekit.auth import Principal
from servicekit.http import InvalidCursor, decode_cursor, encode_cursor

SYSTEM_ADMIN = "system_admin"
AGENCY_ADMIN = "agency_admin"
HISTORY_LIMIT = 200
ATTEMPTS_LIMIT = 50


@dataclass(frozen=True)
class Scope:
    """The agencies an operator may see; None: all of them."""

    agencies: frozenset[str] | None

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        return cls(None if principal.has_role(SYSTEM_ADMIN) else frozenset(principal.agencies))

    def where(self, agency_code: str | None = None) -> ColumnElement[bool]:
        """The rows visible in this scope (narrowed to `agency_code` when given)."""
        clause: ColumnElement[bool] = true()
        if self.agencies is not None:
            clause = DossierRecord.agency_code.in_(sorted(self.agencies))
        if agency_code is not None:
            clause = clause & (DossierRecord.agency_code == agency_code)
        return clause

    def sees(self, agency_code: str) -> bool:
        return self.agencies is None or agency_code in self.agencies


async def summary(session: AsyncSession, scope: Scope, *, agency_code: str | None) -> dict[str, Any]:
    visible = scope.where(agency_code)
    dossiers = dict(
        (
            await session.execute(
                select(DossierRecord.queue_state, func.count())
                .where(visible)
                .group_by(DossierRecord.queue_state)
            )
        ).all()
    )
    waiting = [JobState.HELD.value, JobState.PENDING.value, JobState.PARKED.value]
    job_rows = (
        await session.execute(
            select(SyncJob.state, func.count(), func.min(SyncJob.created_at))
            .join(DossierRecord, DossierRecord.dossier_id == SyncJob.dossier_id)
            .where(visible, SyncJob.state.in_(waiting))
            .group_by(SyncJob.state)
        )
    ).all()
    jobs = {state: count for state, count, _ in job_rows}
    oldest = next((first for state, _, first in job_rows if state == JobState.PENDING.value), None)
    return {
        "dossiers": {state.value: dossiers.get(state.value, 0) for state in QueueState},
        "jobs": {name: jobs.get(name, 0) for name in waiting},
        "oldest_pending_at": oldest,
    }


async def failures(
    session: AsyncSession,
    scope: Scope,
    *,
    agency_code: str | None,
    kind: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[tuple[SyncJob, DossierRecord]], str | None]:
    """Parked jobs, oldest first, keyset-paginated on (parked_at, id)."""
    query = (
        select(SyncJob, DossierRecord)
        .join(DossierRecord, DossierRecord.dossier_id == SyncJob.dossier_id)
        .where(SyncJob.state == JobState.PARKED.value, scope.where(agency_code))
    )
    if kind is not None:
        query = query.where(SyncJob.kind == kind)
    if cursor is not None:
        at, job_id = decode_cursor(cursor, 2)
        try:
            after = (datetime.fromisoformat(at), int(job_id))
        except ValueError as exc:
            raise InvalidCursor() from exc
        query = query.where(tuple_(SyncJob.parked_at, SyncJob.id) > after)
    query = query.order_by(SyncJob.parked_at, SyncJob.id).limit(limit + 1)
    rows = [(job, record) for job, record in (await session.execute(query)).all()]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1][0]
        next_cursor = encode_cursor([last.parked_at.isoformat() if last.parked_at else "", last.id])
    return rows, next_cursor


async def dossiers(
    session: AsyncSession,
    scope: Scope,
    *,
    agency_code: str | None,
    state: QueueState | None,
    limit: int,
    cursor: str | None,
) -> tuple[Sequence[DossierRecord], str | None]:
    """Dossiers, most recently changed first, keyset-paginated on (updated_at, dossier_id)."""
    query = select(DossierRecord).where(scope.where(agency_code))
    if state is not None:
        query = query.where(DossierRecord.queue_state == state.value)
    if cursor is not None:
        at, dossier_id = decode_cursor(cursor, 2)
        try:
            before = (datetime.fromisoformat(at), uuid.UUID(dossier_id))
        except ValueError as exc:
            raise InvalidCursor() from exc
        query = query.where(tuple_(DossierRecord.updated_at, DossierRecord.dossier_id) < before)
    query = query.order_by(DossierRecord.updated_at.desc(), DossierRecord.dossier_id.desc()).limit(limit + 1)
    rows = list((await session.scalars(query)).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].updated_at.isoformat(), rows[-1].dossier_id])
    return rows, next_cursor


async def get_dossier(
    session: AsyncSession, scope: Scope, ref: str, *, for_update: bool = False
) -> DossierRecord:
    """A dossier by its code or id, if visible; 404 otherwise."""
    try:
        clause = DossierRecord.dossier_id == uuid.UUID(ref)
    except ValueError:
        clause = DossierRecord.dossier_code == ref
    query = select(DossierRecord).where(clause)
    if for_update:
        query = query.with_for_update()
    row = (await session.scalars(query.limit(1))).first()
    if row is None or not scope.sees(row.agency_code):
        raise SyncDossierNotFound(ref=ref)
    return row


async def history(session: AsyncSession, row: DossierRecord) -> dict[str, Any]:
    """The national record as it stands, the jobs and the calls to the hub, newest first."""
    state = to_state(row)
    procedure = None
    if state.procedure_code:
        query = select(ProcedureName).where(ProcedureName.code == state.procedure_code)
        if state.procedure_version is not None:
            query = query.where(ProcedureName.version == state.procedure_version)
        found = (await session.scalars(query.order_by(ProcedureName.version.desc()).limit(1))).first()
        procedure = ProcedureInfo(found.name, found.field_code) if found else None
    missing = state.missing_for_push() + ([] if procedure else ["TenTTHC"])
    record = None
    if procedure is not None:
        try:
            record = national_record(state, procedure)
        except IncompleteRecord:
            record = None
    jobs = (
        await session.scalars(
            select(SyncJob)
            .where(SyncJob.dossier_id == row.dossier_id)
            .order_by(SyncJob.id.desc())
            .limit(HISTORY_LIMIT)
        )
    ).all()
    attempts = (
        await session.scalars(
            select(SyncAttempt)
            .where(SyncAttempt.dossier_id == row.dossier_id)
            .order_by(SyncAttempt.id.desc())
            .limit(ATTEMPTS_LIMIT)
        )
    ).all()
    return {
        "national_record": record,
        "missing_fields": missing,
        "jobs": list(jobs),
        "attempts_log": list(attempts),
    }


async def get_failure(session: AsyncSession, scope: Scope, job_id: int) -> tuple[SyncJob, DossierRecord]:
    row = (
        await session.execute(
            select(SyncJob, DossierRecord)
            .join(DossierRecord, DossierRecord.dossier_id == SyncJob.dossier_id)
            .where(SyncJob.id == job_id)
        )
    ).first()
    if row is None or not scope.sees(row[1].agency_code):
        raise SyncJobNotFound(job_id=job_id)
    return row[0], row[1]


async def retry(session: AsyncSession, row: DossierRecord, *, now: datetime) -> int:
    """Send the dossier's parked pushes again, now; a dossier waiting out a backoff is tried now too.

    Returns how many parked jobs went back to the queue. 409 when there is nothing to retry.
    """
    parked = await _unpark(session, [row.dossier_id], now=now)
    if not parked and row.queue_state not in (QueueState.PENDING.value, QueueState.PARKED.value):
        raise NothingToRetry(ref=row.dossier_code or str(row.dossier_id), state=row.queue_state)
    _requeue(row, now=now)
    await wake(session)
    return parked


async def retry_all(
    session: AsyncSession, scope: Scope, *, agency_code: str | None, now: datetime
) -> tuple[int, int]:
    """Send every parked push (of the operator's agencies, or of one) again; (dossiers, jobs)."""
    rows = list(
        (
            await session.scalars(
                select(DossierRecord)
                .where(DossierRecord.queue_state == QueueState.PARKED.value, scope.where(agency_code))
                .with_for_update()
            )
        ).all()
    )
    if not rows:
        return 0, 0
    jobs = await _unpark(session, [r.dossier_id for r in rows], now=now)
    for row in rows:
        _requeue(row, now=now)
    await wake(session)
    return len(rows), jobs


async def _unpark(session: AsyncSession, dossier_ids: list[uuid.UUID], *, now: datetime) -> int:
    result = await session.execute(
        update(SyncJob)
        .where(SyncJob.dossier_id.in_(dossier_ids), SyncJob.state == JobState.PARKED.value)
        .values(state=JobState.PENDING.value, parked_at=None, updated_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _requeue(row: DossierRecord, *, now: datetime) -> None:
    row.manual_retries += 1
    row.queue_state = QueueState.PENDING.value
    row.next_attempt_at = now
    row.attempts = 0
    row.last_error = None
    row.updated_at = now
