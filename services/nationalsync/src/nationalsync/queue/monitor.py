"""Keeps the queue gauges of /metrics current (dossiers by sync state, jobs waiting, oldest pending) and
prunes the sync history past its retention, in every replica (both are idempotent)."""

from __future__ import annotations

import asyncio
import contextlib
import time

import structlog
from sqlalchemy import func, select

from nationalsync.queue import metrics
from nationalsync.queue.models import JobState, SyncJob
from nationalsync.queue.retention import prune
from nationalsync.records.models import DossierRecord, QueueState
from servicekit.db import Database, utcnow

log = structlog.get_logger("nationalsync.monitor")


class QueueMonitor:
    def __init__(
        self,
        db: Database,
        *,
        interval_seconds: float = 10.0,
        retention_days: int = 180,
        prune_interval_seconds: float = 3600.0,
    ) -> None:
        self.db = db
        self.interval = interval_seconds
        self.retention_days = retention_days
        self.prune_interval = prune_interval_seconds
        self._pruned_at = 0.0
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.refresh()
                if time.monotonic() - self._pruned_at >= self.prune_interval:
                    await self.prune()
            except Exception as exc:  # a metrics hiccup must never stop the service
                log.warning("queue_metrics_failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)

    async def prune(self) -> None:
        async with self.db.transaction() as session:
            pruned = await prune(session, now=utcnow(), retention_days=self.retention_days)
        self._pruned_at = time.monotonic()
        if pruned.attempts or pruned.jobs:
            log.info("sync_history_pruned", attempts=pruned.attempts, jobs=pruned.jobs)

    async def refresh(self) -> None:
        async with self.db.transaction() as session:
            dossiers = dict(
                (
                    await session.execute(
                        select(DossierRecord.queue_state, func.count()).group_by(DossierRecord.queue_state)
                    )
                ).all()
            )
            waiting = [JobState.HELD.value, JobState.PENDING.value, JobState.PARKED.value]
            jobs = dict(
                (
                    await session.execute(
                        select(SyncJob.state, func.count())
                        .where(SyncJob.state.in_(waiting))
                        .group_by(SyncJob.state)
                    )
                ).all()
            )
            oldest = await session.scalar(
                select(func.min(SyncJob.created_at)).where(SyncJob.state == JobState.PENDING.value)
            )
        for state in QueueState:
            metrics.QUEUE_DOSSIERS.labels(state.value).set(dossiers.get(state.value, 0))
        for name in waiting:
            metrics.QUEUE_JOBS.labels(name).set(jobs.get(name, 0))
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        metrics.OLDEST_PENDING_SECONDS.set(max(0.0, age))
