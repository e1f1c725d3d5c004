"""The deadline watcher (R-PROC-8, R-FMT-7/8): due-soon and overdue notices counted in working days with
the agency's calendar — across Tết 2026 and a Saturday the ministry declared a working day — and never
sent twice, however many watchers run."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from contracts.events import PROCESS_DUE_SOON, PROCESS_OVERDUE
from servicekit.app import runtime_of
from servicekit.testing import TokenFactory
from services.workflow.tests.service.support import JUSTICE_DEPT, MINISTRY, Workflow, local, running_workflow

TET_SATURDAY = date(2026, 2, 14)  # declared a working day by the ministry (a swap for a bridge day)


@pytest.fixture(scope="module")
async def wf(pg_server_url: str, kafka_topics: str, token_factory: TokenFactory) -> AsyncIterator[Workflow]:
    async with running_workflow(pg_server_url, kafka_topics, token_factory) as workflow:
        await workflow.publish_directory(
            procedures=[("1.005129", MINISTRY, 5), ("2.000635", JUSTICE_DEPT, 5)]
        )
        await workflow.declare_calendar(scope=MINISTRY, working=(TET_SATURDAY,))
        yield workflow


async def notices(wf: Workflow, instance_id: str) -> list[tuple[str, str, str]]:
    rows = await wf.sql(
        "select kind, scope, due_date::text from deadline_notice where instance_id = :id order by created_at, kind",
        id=uuid.UUID(instance_id),
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_overdue_across_tet_and_a_declared_working_saturday(wf: Workflow) -> None:
    # Both received Thursday 12/2/2026 with 5 working days; Tết is 16–20/2, 14–15 and 21–22 weekends.
    ministry = await wf.receive(
        agency=MINISTRY,
        procedure_code="1.005129",
        received_at=local(2026, 2, 12, 10),
        appointment_date=date(2026, 2, 25),
    )
    province = await wf.receive(
        agency=JUSTICE_DEPT,
        procedure_code="2.000635",
        received_at=local(2026, 2, 12, 10),
        appointment_date=date(2026, 2, 26),
    )
    # R-FMT-8: 13, 14 (worked), 23, 24, 25 → 25/2 at the ministry; 13, 23, 24, 25, 26 → 26/2 elsewhere.
    assert ministry["due_date"] == "2026-02-25"
    assert province["due_date"] == "2026-02-26"
    watcher = wf.watcher()

    # Friday before Tết and the middle of Tết: four and three working days left — nothing to say.
    for moment in (local(2026, 2, 13, 16), local(2026, 2, 18, 10)):
        wf.clock.set(moment)
        await watcher.sweep()
        assert await notices(wf, ministry["id"]) == []
        assert await notices(wf, province["id"]) == []

    # Tuesday 24/2: one working day left at the ministry (R-PROC-8's warning); its appraisal is due today.
    wf.clock.set(local(2026, 2, 24, 8))
    await watcher.sweep()
    assert ("due_soon", "process", "2026-02-25") in await notices(wf, ministry["id"])
    assert ("due_soon", "task", "2026-02-24") in await notices(wf, ministry["id"])
    assert ("due_soon", "process", "2026-02-26") not in await notices(wf, province["id"])

    # Thursday 26/2: the ministry's dossier is overdue; the other, due today, is not.
    wf.clock.set(local(2026, 2, 26, 8))
    await watcher.sweep()
    assert ("overdue", "process", "2026-02-25") in await notices(wf, ministry["id"])
    assert ("due_soon", "process", "2026-02-26") in await notices(wf, province["id"])
    assert not [n for n in await notices(wf, province["id"]) if n[0] == "overdue" and n[1] == "process"]
    events = await wf.events(ministry["dossier_id"], PROCESS_OVERDUE)
    overdue = [e.data for e in events if e.type == PROCESS_OVERDUE and e.data["scope"] == "process"]
    assert len(overdue) == 1
    assert overdue[0]["due_date"] == "2026-02-25" and overdue[0]["working_days_late"] == 1
    assert overdue[0]["handling_agency_code"] == MINISTRY and overdue[0]["reported_to_desk"] is False
    soon = [e.data for e in events if e.type == PROCESS_DUE_SOON and e.data["scope"] == "process"]
    assert len(soon) == 1 and soon[0]["working_days_left"] == 1

    # The unit's queue shows the overdue step under the "overdue" filter, not under "due soon".
    head = await wf.officer("unit_head", MINISTRY)
    overdue_box = await wf.client.get(
        "/v1/tasks", params={"box": "unit", "due": "overdue"}, headers=head.headers
    )
    soon_box = await wf.client.get("/v1/tasks", params={"box": "unit", "due": "soon"}, headers=head.headers)
    appraisal = ministry["open_tasks"][0]["id"]
    assert appraisal in [t["id"] for t in overdue_box.json()["items"]]
    assert appraisal not in [t["id"] for t in soon_box.json()["items"]]

    # Monday 2/3: the province's dossier is late by 2 working days (27/2 and 2/3, not the weekend).
    wf.clock.set(local(2026, 3, 2, 8))
    await watcher.sweep()
    late = await wf.events(province["dossier_id"], PROCESS_OVERDUE)
    process_late = [e.data for e in late if e.type == PROCESS_OVERDUE and e.data["scope"] == "process"]
    assert len(process_late) == 1 and process_late[0]["working_days_late"] == 2
    # Sweeping again changes nothing.
    before = await notices(wf, ministry["id"]) + await notices(wf, province["id"])
    assert await watcher.sweep() == 0
    assert await notices(wf, ministry["id"]) + await notices(wf, province["id"]) == before


async def test_two_watchers_never_send_the_same_notice_twice(wf: Workflow) -> None:
    received = [
        await wf.receive(
            agency=JUSTICE_DEPT,
            procedure_code="2.000635",
            received_at=local(2026, 3, 2, 9, i),
            appointment_date=date(2026, 3, 9),
        )
        for i in range(12)
    ]
    wf.clock.set(local(2026, 3, 20, 9))  # every dossier and step is overdue
    runtime = runtime_of(wf.app)
    first, second = wf.watcher(), wf.watcher()
    first.batch_size = second.batch_size = 5  # many small transactions interleave
    sent = await asyncio.gather(first.sweep(), second.sweep(), first.sweep())
    ids = [uuid.UUID(p["id"]) for p in received]
    async with runtime.db.transaction() as session:
        rows: list[Any] = list(
            await session.execute(
                text(
                    "select subject_id, kind, count(*) from deadline_notice where instance_id = any(:ids)"
                    " group by subject_id, kind"
                ),
                {"ids": ids},
            )
        )
        outbox = (
            await session.execute(
                text(
                    "select count(*) from outbox where event_type = :type"
                    " and convert_from(value, 'UTF8')::jsonb->>'process_instance_id' = any(:ids)"
                ),
                {"type": PROCESS_OVERDUE, "ids": [str(i) for i in ids]},
            )
        ).scalar_one()
    overdue = [r for r in rows if r[1] == "overdue"]
    # One overdue notice per dossier and per open step: 12 processes + 12 appraisals.
    assert len(overdue) == 24
    assert all(count == 1 for _, _, count in rows)
    assert outbox == 24
    assert sum(sent) >= 24  # (and whatever else was due in this database)
