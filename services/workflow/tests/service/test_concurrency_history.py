"""Race-free and tamper-evident: two officers acting on one dossier at once cannot both win (ETag /
If-Match under row locks), and the history is append-only with each entry hashing the one before."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from servicekit.app import runtime_of
from services.workflow.tests.service.support import CITY, Workflow, local

HO_KINH_DOANH = "1.001612"


async def at_approval(wf: Workflow) -> tuple[dict[str, Any], dict[str, Any]]:
    head = await wf.officer("unit_head", CITY)
    specialist = await wf.officer("specialist", CITY)
    process = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 2, 10),
        appointment_date=date(2026, 3, 5),
    )
    appraisal = process["open_tasks"][0]
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, head)
    await wf.ok(appraisal["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện"}, specialist)
    return process, await wf.open_task(process["id"], kind="approval")


async def test_concurrent_decisions_on_one_step_cannot_both_win(wf: Workflow) -> None:
    process, approval = await at_approval(wf)
    leaders = [await wf.officer("agency_leader", CITY) for _ in range(2)]
    etag = (await wf.client.get(f"/v1/tasks/{approval['id']}", headers=leaders[0].headers)).headers["etag"]
    bodies = [{"decision": "approve"}, {"decision": "return", "comment": "Bổ sung ý kiến thẩm định"}]
    responses = await asyncio.gather(
        *(
            wf.client.post(
                f"/v1/tasks/{approval['id']}/decision",
                json=body,
                headers={**officer.headers, "If-Match": etag},
            )
            for officer, body in zip(leaders, bodies, strict=True)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 412], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 412)
    assert loser.json()["code"] == "precondition_failed"
    # Exactly one decision is recorded, and exactly one next step exists.
    decisions = [h for h in await wf.history(process["id"]) if h["action"] in ("approved", "sent_back")]
    assert len(decisions) == 1
    after = await wf.process(process["id"])
    assert len(after["open_tasks"]) == 1


async def test_concurrent_extensions_record_one(wf: Workflow) -> None:
    process, _ = await at_approval(wf)
    leaders = [await wf.officer("agency_leader", CITY) for _ in range(3)]
    wf.clock.set(local(2026, 3, 3, 9))
    etag = (await wf.client.get(f"/v1/processes/{process['id']}", headers=leaders[0].headers)).headers["etag"]
    responses = await asyncio.gather(
        *(
            wf.client.post(
                f"/v1/processes/{process['id']}/extension",
                json={"reason": f"Lý do {i}", "new_due_date": f"2026-03-{10 + i}"},
                headers={**officer.headers, "If-Match": etag},
            )
            for i, officer in enumerate(leaders)
        )
    )
    assert sorted(r.status_code for r in responses) == [200, 412, 412]
    extended = await wf.sql(
        "select count(*) from outbox where event_type = 'vn.motcua.dossier.extended.v1' and key = :key",
        key=process["dossier_id"],
    )
    assert extended[0][0] == 1


async def test_actions_need_the_current_etag(wf: Workflow) -> None:
    _, approval = await at_approval(wf)
    leader = await wf.officer("agency_leader", CITY)
    url = f"/v1/tasks/{approval['id']}/decision"
    missing = await wf.client.post(url, json={"decision": "approve"}, headers=leader.headers)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    stale = await wf.client.post(
        url, json={"decision": "approve"}, headers={**leader.headers, "If-Match": '"99"'}
    )
    assert stale.status_code == 412
    english = await wf.client.post(
        url,
        json={"decision": "approve"},
        headers={**leader.headers, "If-Match": '"99"', "Accept-Language": "en"},
    )
    assert english.json()["detail"] == "The resource changed since you read it; reload and try again."
    bad = await wf.act(approval["id"], "decision", {"decision": "maybe"}, leader)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "decision"
    assert bad.json()["title"] == "Dữ liệu không hợp lệ"
    assert (await wf.client.get(f"/v1/tasks/{approval['id']}", headers=leader.headers)).json()[
        "status"
    ] == "open"


async def test_history_is_append_only_and_tampering_shows(wf: Workflow) -> None:
    process, _ = await at_approval(wf)
    runtime = runtime_of(wf.app)
    instance_id = uuid.UUID(process["id"])
    # The database refuses to change or remove an entry, whoever asks.
    for statement in (
        "update history_entry set comment = 'sửa' where instance_id = :id",
        "delete from history_entry where instance_id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with runtime.db.transaction() as session:
                await session.execute(text(statement), {"id": instance_id})
    with pytest.raises(DBAPIError, match="append-only"):
        async with runtime.db.transaction() as session:
            await session.execute(text("truncate history_entry cascade"))

    url = f"/v1/processes/{process['id']}/history/verification"
    assert (await wf.client.get(url, headers=wf.system_reader())).json()["valid"] is True
    # Someone with the database owner's rights switches the trigger off and rewrites an entry: the chain
    # shows exactly where.
    async with runtime.db.transaction() as session:
        await session.execute(text("alter table history_entry disable trigger history_entry_append_only"))
        await session.execute(
            text("update history_entry set comment = 'Không có ý kiến' where instance_id = :id and seq = 4"),
            {"id": instance_id},
        )
        await session.execute(text("alter table history_entry enable trigger history_entry_append_only"))
    verdict = (await wf.client.get(url, headers=wf.system_reader())).json()
    assert verdict["valid"] is False and verdict["first_broken_seq"] == 4
