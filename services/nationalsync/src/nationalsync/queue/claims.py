"""Claiming due dossiers: one short transaction locks them (``FOR UPDATE SKIP LOCKED``), gives them a
lease and reads what to send; the pushes then happen outside any transaction.

A dossier is claimed whole, so its pushes go out in order from one dispatcher at a time, however many
replicas run: another dispatcher skips it while the row is locked and while the lease holds. A
dispatcher that dies mid-push leaves the lease to expire; the next claim sends the same pushes again
with the same Idempotency-Key, which the hub answers without applying twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from nationalsync.queue.models import JobKind, JobState, SyncJob
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.repository import to_state
from nationalsync.records.state import RecordState
from servicekit.db import Database


@dataclass(frozen=True)
class PendingJob:
    id: int
    kind: JobKind
    step: dict[str, Any] | None
    created_at: datetime


@dataclass(frozen=True)
class Claim:
    """One dossier taken by a dispatcher, with the record as it stood and its jobs in order."""

    dossier_id: uuid.UUID
    state: RecordState
    version: int
    attempts: int
    manual_retries: int
    record_jobs: tuple[PendingJob, ...]
    progress_jobs: tuple[PendingJob, ...]

    @property
    def oldest_job_at(self) -> datetime:
        return min(j.created_at for j in (*self.record_jobs, *self.progress_jobs))


async def claim(db: Database, *, owner: str, lease_seconds: float, limit: int, now: datetime) -> list[Claim]:
    """Take up to `limit` due dossiers for `owner` until `now + lease_seconds`."""
    async with db.transaction() as session:
        rows = list(
            (
                await session.scalars(
                    select(DossierRecord)
                    .where(
                        DossierRecord.queue_state == QueueState.PENDING.value,
                        DossierRecord.next_attempt_at <= now,
                        or_(DossierRecord.lease_until.is_(None), DossierRecord.lease_until < now),
                    )
                    .order_by(DossierRecord.next_attempt_at)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ).all()
        )
        if not rows:
            return []
        jobs = (
            await session.scalars(
                select(SyncJob)
                .where(
                    SyncJob.dossier_id.in_([r.dossier_id for r in rows]),
                    SyncJob.state == JobState.PENDING.value,
                )
                .order_by(SyncJob.id)
            )
        ).all()
        by_dossier: dict[uuid.UUID, list[SyncJob]] = {}
        for job in jobs:
            by_dossier.setdefault(job.dossier_id, []).append(job)
        claims = []
        for row in rows:
            mine = by_dossier.get(row.dossier_id, [])
            if not mine:
                # Nothing left to send (another dispatcher's outcome raced this claim): settle the row.
                row.queue_state = QueueState.SYNCED.value
                row.next_attempt_at = None
                continue
            row.lease_owner = owner
            row.lease_until = now + timedelta(seconds=lease_seconds)
            pending = [PendingJob(j.id, JobKind(j.kind), j.step, j.created_at) for j in mine]
            claims.append(
                Claim(
                    dossier_id=row.dossier_id,
                    state=to_state(row),
                    version=row.version,
                    attempts=row.attempts,
                    manual_retries=row.manual_retries,
                    record_jobs=tuple(j for j in pending if j.kind is JobKind.RECORD),
                    progress_jobs=tuple(j for j in pending if j.kind is JobKind.PROGRESS),
                )
            )
        return claims
