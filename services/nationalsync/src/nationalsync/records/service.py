"""Applying an event to a dossier's record and queueing its pushes, in the consumer's transaction.

The record row, its new jobs and the wake-up of the dispatchers commit together with the inbox
row of the event (servicekit's consumer), so a status change is never lost and never queued twice.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import DossierEvent, PaymentEvent
from nationalsync.queue.models import WAKE_CHANNEL, JobKind, JobState, SyncJob
from nationalsync.records import repository
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.rules import apply_event
from nationalsync.records.state import RecordState


async def record_event(
    session: AsyncSession, *, event_id: uuid.UUID, event_type: str, payload: BaseModel, now: datetime
) -> list[SyncJob]:
    """Apply one dossier or payment event; returns the jobs it queued (none when nothing changed)."""
    assert isinstance(payload, DossierEvent | PaymentEvent)
    row = await repository.lock(session, payload.dossier_id, agency_code=payload.agency_code)
    current = repository.to_state(row) if row.version > 0 else None
    applied = apply_event(current, event_type, payload)
    repository.write_state(row, applied.state)
    row.updated_at = now
    jobs: list[SyncJob] = []
    national = applied.state.national_status
    if applied.record_changed:
        row.version += 1
        jobs.append(_job(row, JobKind.RECORD, event_id, event_type, national, now))
    if applied.step is not None:
        job = _job(row, JobKind.PROGRESS, event_id, event_type, national, now)
        job.step = applied.step.to_json()
        jobs.append(job)
    if jobs:
        await enqueue(session, row, applied.state, jobs, now=now)
    return jobs


def _job(
    row: DossierRecord,
    kind: JobKind,
    event_id: uuid.UUID,
    event_type: str,
    national: int | None,
    now: datetime,
) -> SyncJob:
    return SyncJob(
        dossier_id=row.dossier_id,
        kind=kind.value,
        record_version=row.version,
        national_status=int(national) if national is not None else None,
        source_event_id=event_id,
        source_event_type=event_type,
        state=JobState.PENDING.value,
        attempts=0,
        created_at=now,
        updated_at=now,
    )


async def enqueue(
    session: AsyncSession, row: DossierRecord, state: RecordState, jobs: list[SyncJob], *, now: datetime
) -> None:
    """Queue `jobs`: held while the hub's required fields are unknown, else due now (or at the
    dossier's current retry time); held jobs of the dossier are released once the data is there."""
    missing = state.missing_for_push()
    for job in jobs:
        job.state = (JobState.HELD if missing else JobState.PENDING).value
        session.add(job)
    await session.flush()
    parked = row.queue_state == QueueState.PARKED.value
    if missing:
        if not parked and row.queue_state != QueueState.PENDING.value:
            row.queue_state = QueueState.HELD.value
        row.last_error = f"Chờ dữ liệu bắt buộc: {', '.join(missing)}"
        return
    await session.execute(
        update(SyncJob)
        .where(SyncJob.dossier_id == row.dossier_id, SyncJob.state == JobState.HELD.value)
        .values(state=JobState.PENDING.value, updated_at=now)
    )
    if parked:
        return
    if row.queue_state != QueueState.PENDING.value:
        row.queue_state = QueueState.PENDING.value
        row.next_attempt_at = now
        row.attempts = 0
        row.last_error = None
    await wake(session)


async def wake(session: AsyncSession) -> None:
    """Wake the dispatchers when this transaction commits."""
    await session.execute(select(func.pg_notify(WAKE_CHANNEL, "")))
