"""The dispatcher: claims due dossiers, pushes each one's record then its progress steps to the hub,
records every outcome. Safe with any number of replicas (see ``queue.claims``).

Per dossier, in order: the record as it stands (one push for every queued record change: coalesced,
so an older status is never sent after a newer one), then the pending progress steps in the order
they happened. A push that fails stops the dossier's round; the rest waits for the next one.
Woken by ``NOTIFY motcua_nationalsync_jobs`` when a push becomes due, else at the earliest retry
time or after ``poll_seconds``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import socket
import time
import uuid
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import func, or_, select

from nationalsync.directory.catalog import CatalogUnavailable
from nationalsync.directory.service import Directory
from nationalsync.hub.client import HubAnswer, HubClient, Outcome
from nationalsync.queue import metrics, outcomes
from nationalsync.queue.claims import Claim, PendingJob, claim
from nationalsync.queue.models import WAKE_CHANNEL, AttemptOutcome, JobKind
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.national import IncompleteRecord, national_progress, national_record
from nationalsync.records.progress import SYSTEM_ACTOR, ProgressStep
from servicekit.db import Database, utcnow
from servicekit.listen import NotifiedLoop
from servicekit.retry import RetryPolicy

log = structlog.get_logger("nationalsync.dispatcher")


def dispatcher_id() -> str:
    """Who holds a claim: host, process and a random part (two dispatchers in one process differ)."""
    return f"{socket.gethostname()[:32]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def idempotency_key(prefix: str, job: int, items: list[dict[str, Any]], *, generation: int = 0) -> str:
    """Same jobs, same body, no operator retry in between → same key: a retried push the hub already
    applied is not applied twice, and a push an operator sends again after a fix is a new request."""
    digest = hashlib.sha256(json.dumps(items, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"motcua-{prefix}-{job}-{digest[:16]}" + (f"-r{generation}" if generation else "")


class Dispatcher(NotifiedLoop):
    name = "national_sync_dispatcher"

    def __init__(
        self,
        db: Database,
        hub: HubClient,
        directory: Directory,
        policy: RetryPolicy,
        *,
        batch_size: int = 20,
        concurrency: int = 5,
        poll_seconds: float = 2.0,
        lease_seconds: float = 120.0,
        progress_batch_size: int = 50,
        owner: str | None = None,
    ) -> None:
        super().__init__(db, WAKE_CHANNEL, retry_seconds=poll_seconds)
        self.hub = hub
        self.directory = directory
        self.policy = policy
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.lease_seconds = lease_seconds
        self.progress_batch_size = progress_batch_size
        self.owner = owner or dispatcher_id()
        self._limit = asyncio.Semaphore(concurrency)

    async def step(self) -> float:
        if await self.dispatch_once() >= self.batch_size:
            return 0
        # At least a moment: dossiers due but claimed by another replica must not spin us.
        return max(0.01, min(self.poll_seconds, await self._seconds_to_next_due()))

    async def dispatch_once(self) -> int:
        """Claim one batch of due dossiers and push them concurrently; returns how many were claimed."""
        claims = await claim(
            self.db, owner=self.owner, lease_seconds=self.lease_seconds, limit=self.batch_size, now=utcnow()
        )
        if claims:
            await asyncio.gather(*(self._guarded(c) for c in claims))
        return len(claims)

    async def _guarded(self, claimed: Claim) -> None:
        async with self._limit:
            try:
                await self._push(claimed)
            except Exception as exc:
                # The lease runs out and the dossier is claimed again: never lost.
                log.error("national_sync_push_crashed", dossier_id=str(claimed.dossier_id), error=repr(exc))
                return
        async with self.db.transaction() as session:
            await outcomes.release(session, dossier_id=claimed.dossier_id, owner=self.owner, now=utcnow())

    async def _push(self, claimed: Claim) -> None:
        if claimed.record_jobs and not await self._push_record(claimed):
            return
        progress = list(claimed.progress_jobs)
        while progress:
            batch, progress = progress[: self.progress_batch_size], progress[self.progress_batch_size :]
            if not await self._push_progress(claimed, batch):
                return

    async def _push_record(self, claimed: Claim) -> bool:
        state = claimed.state
        jobs = claimed.record_jobs
        missing = state.missing_for_push()
        if missing:
            await self._hold(claimed, missing)
            return False
        assert state.procedure_code is not None
        try:
            procedure = await self.directory.procedure(state.procedure_code, state.procedure_version)
        except CatalogUnavailable as exc:
            await self._local_retry(claimed, f"Chưa lấy được tên thủ tục từ danh mục: {exc}")
            return False
        if procedure is None:
            async with self.db.transaction() as session:
                await outcomes.park_locally(
                    session,
                    claim=claimed,
                    job_ids=[j.id for j in jobs],
                    code=outcomes.PROCEDURE_UNKNOWN,
                    message=(
                        f"Thủ tục {state.procedure_code} (phiên bản {state.procedure_version}) không có "
                        "trong danh mục thủ tục: chưa có TenTTHC để đồng bộ"
                    ),
                    now=utcnow(),
                )
            return False
        try:
            record = national_record(state, procedure)
        except IncompleteRecord as exc:
            await self._hold(claimed, exc.missing)
            return False
        items = [record]
        key = idempotency_key("rec", jobs[-1].id, items, generation=claimed.manual_retries)
        started = utcnow()
        answer = await self._call(JobKind.RECORD, items, key)
        return await self._record(
            claimed, JobKind.RECORD, jobs, items, key, answer, started=started, version=claimed.version
        )

    async def _push_progress(self, claimed: Claim, jobs: list[PendingJob]) -> bool:
        state = claimed.state
        assert state.dossier_code is not None
        steps = [ProgressStep.from_json(j.step or {}) for j in jobs]
        units = {state.agency_code, *(s.agency_code for s in steps if s.agency_code)}
        officials, agencies = await self.directory.names(
            subjects=[s.actor_subject for s in steps if s.actor_subject], agencies=units
        )
        items = [
            national_progress(
                step,
                dossier_code=state.dossier_code,
                actor=_actor(step, officials),
                department=_department(step.agency_code or state.agency_code, agencies),
            )
            for step in steps
        ]
        key = idempotency_key("prg", jobs[0].id, items, generation=claimed.manual_retries)
        started = utcnow()
        answer = await self._call(JobKind.PROGRESS, items, key)
        return await self._record(
            claimed, JobKind.PROGRESS, jobs, items, key, answer, started=started, version=None
        )

    async def _call(self, kind: JobKind, items: list[dict[str, Any]], key: str) -> HubAnswer:
        started = time.perf_counter()
        if kind is JobKind.RECORD:
            answer = await self.hub.push_records(items, key=key)
        else:
            answer = await self.hub.push_progress(items, key=key)
        metrics.PUSH_SECONDS.labels(kind.value).observe(time.perf_counter() - started)
        return answer

    async def _record(
        self,
        claimed: Claim,
        kind: JobKind,
        jobs: tuple[PendingJob, ...] | list[PendingJob],
        items: list[dict[str, Any]],
        key: str,
        answer: HubAnswer,
        *,
        started: datetime,
        version: int | None,
    ) -> bool:
        now = utcnow()
        async with self.db.transaction() as session:
            outcome = await outcomes.record_answer(
                session,
                claim=claimed,
                kind=kind,
                job_ids=[j.id for j in jobs],
                version=version,
                request=items,
                key=key,
                dispatcher=self.owner,
                answer=answer,
                started_at=started,
                policy=self.policy,
                spread=random.random(),
                now=now,
            )
        log_method = log.info if outcome is AttemptOutcome.ACCEPTED else log.warning
        log_method(
            "national_sync_push",
            kind=kind.value,
            dossier_code=claimed.state.dossier_code,
            outcome=outcome.value,
            http_status=answer.http_status,
            error=None if answer.outcome is Outcome.ACCEPTED else answer.message,
        )
        return outcome is AttemptOutcome.ACCEPTED

    async def _hold(self, claimed: Claim, missing: list[str]) -> None:
        async with self.db.transaction() as session:
            await outcomes.hold(session, claim=claimed, missing=missing, now=utcnow())

    async def _local_retry(self, claimed: Claim, message: str) -> None:
        log.warning("national_sync_lookup_failed", dossier_code=claimed.state.dossier_code, error=message)
        async with self.db.transaction() as session:
            await outcomes.temporary_local_failure(
                session,
                claim=claimed,
                message=message,
                policy=self.policy,
                spread=random.random(),
                now=utcnow(),
            )

    async def _seconds_to_next_due(self) -> float:
        async with self.db.transaction() as session:
            row = (
                await session.execute(
                    select(func.min(DossierRecord.next_attempt_at)).where(
                        DossierRecord.queue_state == QueueState.PENDING.value,
                        # Dossiers another replica is pushing are its business until released.
                        or_(DossierRecord.lease_until.is_(None), DossierRecord.lease_until < utcnow()),
                    )
                )
            ).scalar()
        if row is None:
            return self.poll_seconds
        return max(0.0, (row - utcnow()).total_seconds())

    async def on_stopped(self) -> None:
        await self.hub.close()
        await self.directory.close()


def _actor(step: ProgressStep, officials: dict[str, str]) -> str:
    """The officer's name (identity's account events, else the one the step carries, else the account
    subject), or the name already known (the applicant's, the system's)."""
    if step.actor_subject:
        return officials.get(step.actor_subject) or step.actor_name or step.actor_subject
    return step.actor_name or SYSTEM_ACTOR


def _department(agency_code: str, agencies: dict[str, str]) -> str:
    """PhongBanXuLy: the unit's name when the catalog told us, else its code."""
    return agencies.get(agency_code, agency_code)
