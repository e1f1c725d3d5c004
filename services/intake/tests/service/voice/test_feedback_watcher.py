"""The feedback deadline watcher (R-FB-4): a due-soon warning the working day before the due date, an
overdue notice after it, each sent once even with several replicas watching the same database."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import select

from contracts.events import FEEDBACK_DUE_SOON, FEEDBACK_OVERDUE, FEEDBACK_TOPIC
from intake.feedback.watcher import FeedbackWatcher
from servicekit.app import runtime_of
from servicekit.db import Database
from servicekit.outbox import Outbox
from services.intake.tests.service.voice.support import BHXH_QN, EVE_OF_HOLIDAYS, SO_BHXH, VN, Voice


async def test_r_fb_4_two_watchers_warn_once_before_and_once_after_the_due_date(voice: Voice) -> None:
    voice.clock.set(EVE_OF_HOLIDAYS)
    body = {"target": "procedure", "procedure_code": SO_BHXH, "title": "Chậm", "content": "Quá hạn."}
    answered = await voice.ok("POST", "/v1/feedback", json=body, headers=voice.citizen(), status=201)
    pending = await voice.ok("POST", "/v1/feedback", json=body, headers=voice.citizen(), status=201)
    assert pending["due_date"] == "2026-05-06"
    mine = {answered["id"], pending["id"]}

    runtime = runtime_of(voice.app)
    # Two replicas: each its own connection pool on the same database.
    databases = [Database(runtime.settings.database_url, pool_size=2) for _ in range(2)]
    watchers = [
        FeedbackWatcher(db, Outbox(runtime.tables, service="intake"), voice.clock) for db in databases
    ]
    try:
        # Friday 1/5 (a holiday), then Monday 4/5: not yet the working day before the due date.
        for day in (1, 4):
            voice.clock.set(datetime(2026, 5, day, 8, 0, tzinfo=VN))
            await asyncio.gather(*(w.sweep() for w in watchers))
        # Tuesday 5/5: one working day left.
        voice.clock.set(datetime(2026, 5, 5, 8, 0, tzinfo=VN))
        for _ in range(3):
            await asyncio.gather(*(w.sweep() for w in watchers))
        await voice.ok(
            "POST",
            f"/v1/feedback/{answered['id']}/answer",
            json={"answer": "Đã xử lý."},
            headers=voice.officer(BHXH_QN),
        )
        # The due date itself: nothing new. Thursday 7/5: overdue, once, only the unanswered one.
        for day in (6, 7, 7, 8):
            voice.clock.set(datetime(2026, 5, day, 8, 0, tzinfo=VN))
            await asyncio.gather(*(w.sweep() for w in watchers))
    finally:
        for db in databases:
            await db.dispose()

    events = await voice.events(
        FEEDBACK_TOPIC,
        lambda e: e.type in (FEEDBACK_DUE_SOON, FEEDBACK_OVERDUE) and e.data["feedback_id"] in mine,
        count=3,
    )
    notices = sorted((e.data["feedback_id"], e.type) for e in events)
    assert notices == sorted(
        [
            (answered["id"], FEEDBACK_DUE_SOON),
            (pending["id"], FEEDBACK_DUE_SOON),
            (pending["id"], FEEDBACK_OVERDUE),
        ]
    )
    due_soon = next(
        e for e in events if e.type == FEEDBACK_DUE_SOON and e.data["feedback_id"] == pending["id"]
    )
    assert due_soon.data["working_days_left"] == 1 and due_soon.data["agency_code"] == BHXH_QN

    # What was emitted, counted at the source: the outbox rows (the topic's are read only up to the count).
    outbox = runtime.tables.outbox
    async with runtime.db.transaction() as session:
        rows = (
            await session.execute(
                select(outbox.c.key, outbox.c.event_type).where(
                    outbox.c.key.in_(mine), outbox.c.event_type.in_([FEEDBACK_DUE_SOON, FEEDBACK_OVERDUE])
                )
            )
        ).all()
    assert sorted((key, kind) for key, kind in rows) == notices

    officer = voice.officer(BHXH_QN)
    record = await voice.ok("GET", f"/v1/feedback/{pending['id']}", headers=officer)
    actions = [h["action"] for h in record["history"]]
    assert actions == ["submitted", "due_soon_notified", "overdue_notified"]
    assert record["overdue"] is True
    overdue_queue = await voice.ok(
        "GET", "/v1/feedback", params={"overdue": "true", "limit": 100}, headers=officer
    )
    ids = [f["id"] for f in overdue_queue["items"]]
    assert pending["id"] in ids and answered["id"] not in ids
