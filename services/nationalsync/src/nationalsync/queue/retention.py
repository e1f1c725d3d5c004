"""Keeping the sync history bounded: calls to the hub and finished jobs older than the retention go.

Never pruned: the dossier records (the current state), jobs still held, pending or parked, and so any
push an operator may still need to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from nationalsync.queue.models import JobState, SyncAttempt, SyncJob

FINISHED = (JobState.SENT.value, JobState.SUPERSEDED.value)


@dataclass(frozen=True)
class Pruned:
    attempts: int
    jobs: int


async def prune(session: AsyncSession, *, now: datetime, retention_days: int) -> Pruned:
    """Delete attempts and finished jobs older than `retention_days`; returns how many of each."""
    cutoff = now - timedelta(days=retention_days)
    attempts = await session.execute(delete(SyncAttempt).where(SyncAttempt.finished_at < cutoff))
    jobs = await session.execute(
        delete(SyncJob).where(SyncJob.state.in_(FINISHED), SyncJob.updated_at < cutoff)
    )
    return Pruned(attempts=_count(attempts), jobs=_count(jobs))


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
