"""Recording what became of a push, in one transaction with the dossier's row locked.

- accepted: record jobs up to the pushed version are done — the newest one ``sent``, the older ones
  ``superseded`` by it (coalesced); progress jobs ``sent``.
- rejected by the hub (or, locally, a procedure the catalog does not know): the jobs are ``parked``
  with the hub's message and field errors, and the dossier stops until an operator retries it.
- temporary: the dossier is due again after the backoff (``Retry-After`` respected), or parked once
  the retry policy gives up.
- incomplete (a required field went missing, e.g. a payment order overtook the reception): the
  jobs wait, ``held``, for the event that brings the data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from nationalsync.hub.client import HubAnswer, Outcome
from nationalsync.queue import metrics
from nationalsync.queue.claims import Claim
from nationalsync.queue.models import AttemptOutcome, JobKind, JobState, SyncAttempt, SyncJob
from nationalsync.records.models import DossierRecord, QueueState
from servicekit.retry import RetryPolicy

#: Error codes of parks decided here rather than by the hub.
RETRIES_EXHAUSTED = "RETRIES_EXHAUSTED"
PROCEDURE_UNKNOWN = "PROCEDURE_UNKNOWN"


async def _row(session: AsyncSession, dossier_id: uuid.UUID) -> DossierRecord:
    row = await session.get(DossierRecord, dossier_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


async def _pending(session: AsyncSession, ids: Sequence[int]) -> list[SyncJob]:
    """The jobs among `ids` still pending (an operator or another dispatcher may have moved them)."""
    result = await session.scalars(
        select(SyncJob)
        .where(SyncJob.id.in_(ids), SyncJob.state == JobState.PENDING.value)
        .order_by(SyncJob.id)
    )
    return list(result.all())


async def record_answer(
    session: AsyncSession,
    *,
    claim: Claim,
    kind: JobKind,
    job_ids: Sequence[int],
    version: int | None,
    request: list[dict[str, Any]],
    key: str,
    dispatcher: str,
    answer: HubAnswer,
    started_at: datetime,
    policy: RetryPolicy,
    spread: float,
    now: datetime,
) -> AttemptOutcome:
    """What the hub said about one call, applied to the dossier and its jobs."""
    row = await _row(session, claim.dossier_id)
    jobs = await _pending(session, job_ids)
    for job in jobs:
        job.attempts += 1
        job.updated_at = now
        job.hub_status = answer.http_status
    if answer.outcome is Outcome.ACCEPTED:
        outcome = AttemptOutcome.ACCEPTED
        _done(jobs, kind, now)
        if kind is JobKind.RECORD and version is not None:
            row.pushed_version = max(row.pushed_version or 0, version)
            row.pushed_at = now
        row.attempts = 0
        row.last_error = None
    elif answer.outcome is Outcome.REJECTED:
        outcome = AttemptOutcome.REJECTED
        _park(
            row, jobs, kind, now, code=answer.error_code, message=answer.message, errors=answer.field_errors
        )
        metrics.PARKED.labels(kind.value, "rejected").inc()
    else:
        row.attempts += 1
        due = policy.next_attempt_at(
            attempts=row.attempts, created_at=claim.oldest_job_at, now=now, spread=spread
        )
        if due is None:
            outcome = AttemptOutcome.EXHAUSTED
            message = f"Đã thử {row.attempts} lần, Cổng quốc gia vẫn không nhận: {answer.message}"
            _park(row, jobs, kind, now, code=RETRIES_EXHAUSTED, message=message, errors=[])
            metrics.PARKED.labels(kind.value, "exhausted").inc()
        else:
            outcome = AttemptOutcome.RETRY
            if answer.retry_after is not None:
                due = max(due, now + timedelta(seconds=answer.retry_after))
            row.next_attempt_at = due
            row.last_error = answer.message
            for job in jobs:
                job.error = answer.message
    session.add(
        SyncAttempt(
            dossier_id=claim.dossier_id,
            kind=kind.value,
            job_ids=list(job_ids),
            record_version=version,
            idempotency_key=key,
            dispatcher=dispatcher,
            request=request,
            outcome=outcome.value,
            http_status=answer.http_status,
            response=answer.response_text,
            error=None if outcome is AttemptOutcome.ACCEPTED else answer.message,
            started_at=started_at,
            finished_at=now,
        )
    )
    metrics.PUSHES.labels(kind.value, outcome.value).inc()
    return outcome


async def temporary_local_failure(
    session: AsyncSession, *, claim: Claim, message: str, policy: RetryPolicy, spread: float, now: datetime
) -> None:
    """Something of ours that should come back (the catalog, for a procedure name) failed: back off."""
    row = await _row(session, claim.dossier_id)
    row.attempts += 1
    due = policy.next_attempt_at(
        attempts=row.attempts, created_at=claim.oldest_job_at, now=now, spread=spread
    )
    row.next_attempt_at = due or now + timedelta(seconds=policy.max_delay_seconds)
    row.last_error = message


async def park_locally(
    session: AsyncSession, *, claim: Claim, job_ids: Sequence[int], code: str, message: str, now: datetime
) -> None:
    """Park jobs for a reason found before calling the hub (e.g. a procedure nobody knows)."""
    row = await _row(session, claim.dossier_id)
    jobs = await _pending(session, job_ids)
    _park(row, jobs, JobKind.RECORD, now, code=code, message=message, errors=[])
    metrics.PARKED.labels(JobKind.RECORD.value, code.lower()).inc()


async def hold(session: AsyncSession, *, claim: Claim, missing: Sequence[str], now: datetime) -> None:
    """The record lacks required fields: its pending jobs wait for the event that brings them."""
    row = await _row(session, claim.dossier_id)
    ids = [j.id for j in (*claim.record_jobs, *claim.progress_jobs)]
    for job in await _pending(session, ids):
        job.state = JobState.HELD.value
        job.updated_at = now
    row.last_error = f"Chờ dữ liệu bắt buộc: {', '.join(missing)}"


async def release(session: AsyncSession, *, dossier_id: uuid.UUID, owner: str, now: datetime) -> None:
    """End the claim: drop the lease and put the dossier where its jobs say it is."""
    row = await _row(session, dossier_id)
    if row.lease_owner == owner:
        row.lease_owner = None
        row.lease_until = None
    await settle(session, row, now=now)


async def settle(session: AsyncSession, row: DossierRecord, *, now: datetime) -> None:
    """The dossier's queue state from its jobs: parked stays parked until an operator retries."""
    row.updated_at = now
    counts = dict(
        (
            await session.execute(
                select(SyncJob.state, func.count())
                .where(
                    SyncJob.dossier_id == row.dossier_id,
                    SyncJob.state.in_([JobState.PENDING.value, JobState.HELD.value, JobState.PARKED.value]),
                )
                .group_by(SyncJob.state)
            )
        ).all()
    )
    if counts.get(JobState.PARKED.value) or row.queue_state == QueueState.PARKED.value:
        row.queue_state = QueueState.PARKED.value
        row.next_attempt_at = None
    elif counts.get(JobState.PENDING.value):
        if row.queue_state != QueueState.PENDING.value or row.next_attempt_at is None:
            row.next_attempt_at = now
        row.queue_state = QueueState.PENDING.value
    elif counts.get(JobState.HELD.value):
        row.queue_state = QueueState.HELD.value
        row.next_attempt_at = None
    else:
        row.queue_state = QueueState.SYNCED.value
        row.next_attempt_at = None
        row.attempts = 0


def _done(jobs: list[SyncJob], kind: JobKind, now: datetime) -> None:
    if kind is JobKind.RECORD and jobs:
        lead = jobs[-1]
        for job in jobs[:-1]:
            job.state = JobState.SUPERSEDED.value
            job.superseded_by = lead.id
        jobs = [lead]
    for job in jobs:
        job.state = JobState.SENT.value
        job.sent_at = now
        job.error = None
        job.error_code = None
        job.field_errors = None


def _park(
    row: DossierRecord,
    jobs: list[SyncJob],
    kind: JobKind,
    now: datetime,
    *,
    code: str | None,
    message: str | None,
    errors: list[dict[str, Any]],
) -> None:
    if kind is JobKind.RECORD and jobs:
        # One record push carries every queued change: the newest job stands for them all.
        lead = jobs[-1]
        for job in jobs[:-1]:
            job.state = JobState.SUPERSEDED.value
            job.superseded_by = lead.id
        jobs = [lead]
    for position, job in enumerate(jobs):
        job.state = JobState.PARKED.value
        job.parked_at = now
        job.error_code = code
        job.error = message
        mine = (
            [e for e in errors if e.get("index") in (None, position)] if kind is JobKind.PROGRESS else errors
        )
        job.field_errors = mine or None
    row.queue_state = QueueState.PARKED.value
    row.next_attempt_at = None
    row.last_error = message
