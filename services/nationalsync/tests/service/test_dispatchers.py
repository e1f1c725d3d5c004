"""Several replicas: two dispatchers on one database never send the same job twice, and each
dossier's pushes still go out in order."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from nationalsync.app import hub_client, retry_policy
from nationalsync.directory.service import Directory
from nationalsync.queue.dispatcher import Dispatcher
from nationalsync.queue.models import SyncAttempt, SyncJob
from nationalsync.settings import NationalSyncSettings
from services.nationalsync.tests.service.support import Sync, statuses_in_order


@pytest.fixture(scope="module")
def sync_settings() -> dict[str, Any]:
    # Small claims, so both dispatchers get a share of the work.
    return {"dispatch_batch_size": 2, "dispatch_concurrency": 2}


async def test_two_dispatchers_never_send_the_same_job_twice(sync: Sync) -> None:
    settings: NationalSyncSettings = sync.runtime.settings  # type: ignore[assignment]
    [own] = [w for w in sync.runtime.workers if isinstance(w, Dispatcher)]
    other = Dispatcher(
        sync.runtime.db,
        hub_client(settings),
        Directory(sync.runtime.db, None),
        retry_policy(settings),
        batch_size=2,
        concurrency=2,
        poll_seconds=0.2,
        lease_seconds=settings.dispatch_lease_seconds,
    )
    running = asyncio.create_task(other.run())
    await sync.hub.set_fault("timeout", delay=0.05)  # every call takes a moment: the work overlaps
    try:
        lives = [sync.life() for _ in range(16)]
        for life in lives:
            for event in (
                life.submitted(with_code=True),
                life.received(),
                life.processing(),
                life.resolved(),
            ):
                await sync.publish(event)
        for life in lives:
            held = await sync.hub.wait_for_record(life.code, status=9, timeout=60)
            statuses_in_order(held["history"], [1, 2, 4, 9])
            await sync.wait_state(life.code, "synced", timeout=60)
    finally:
        await sync.hub.clear_faults()
        other.stop()
        await running

    async with sync.runtime.db.transaction() as session:
        attempts = (await session.scalars(select(SyncAttempt))).all()
        jobs = (await session.scalars(select(SyncJob))).all()
    accepted = [a for a in attempts if a.outcome == "accepted"]
    sent_jobs = Counter(job_id for a in accepted for job_id in a.job_ids)
    assert sent_jobs and max(sent_jobs.values()) == 1, "a job went out in two accepted calls"
    assert {j.id for j in jobs if j.state in ("sent", "superseded")} == set(sent_jobs)
    assert {a.dispatcher for a in accepted} == {own.owner, other.owner}  # both did their share

    codes = {life.code for life in lives}
    calls = [c for c in await sync.hub.calls() if set(c["codes"]) & codes]
    keys = Counter(c["idempotency_key"] for c in calls)
    assert max(keys.values()) == 1 and not any(c["replayed"] for c in calls)
    for code in codes:
        held = await sync.hub.record(code)
        assert held is not None and len(held["progress"]) == 4  # every step once
    assert len(calls) == len(accepted)  # the hub saw exactly the calls we recorded as accepted
