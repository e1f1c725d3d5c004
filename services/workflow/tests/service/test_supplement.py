"""Supplement after appraisal (R-PROC-3): asked within 3 working days of reception, once, listing
everything; the clock stops, and restarts from zero when the complete dossier comes back."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events import DOSSIER_PROCESSING_STARTED, DOSSIER_SUPPLEMENT_REQUESTED
from services.workflow.tests.service.support import CITY, Officer, Workflow, local

HO_KINH_DOANH = "1.001612"  # 3 working days, no definition: appraisal, leader's approval, result
ITEMS = [
    {
        "component_code": "TP2",
        "name": "Bản sao giấy tờ pháp lý của chủ hộ",
        "reason": "Bản sao không rõ nét, không đọc được số định danh",
        "guidance": "Nộp bản sao rõ nét hoặc bản điện tử từ Kho dữ liệu của công dân",
    },
    {
        "name": "Văn bản ủy quyền",
        "reason": "Người nộp không phải chủ hộ",
        "guidance": "Nộp văn bản ủy quyền có chứng thực",
    },
]


async def assigned(
    wf: Workflow, specialist: Officer, head: Officer, **received: Any
) -> tuple[dict[str, Any], str]:
    process = await wf.receive(agency=CITY, procedure_code=HO_KINH_DOANH, **received)
    appraisal = process["open_tasks"][0]
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, head)
    return process, appraisal["id"]


async def test_r_proc_3_supplement_stops_the_clock_and_restarts_it_from_zero(wf: Workflow) -> None:
    head = await wf.officer("unit_head", CITY)
    specialist = await wf.officer("specialist", CITY)
    # Received Monday 2/3/2026 10:00 → due Thursday 5/3.
    process, task_id = await assigned(
        wf, specialist, head, received_at=local(2026, 3, 2, 10), appointment_date=date(2026, 3, 5)
    )
    assert process["due_date"] == "2026-03-05"

    # Thursday 5/3 is the 3rd working day after reception: still in time to ask.
    wf.clock.set(local(2026, 3, 5, 9))
    asked = await wf.act(
        task_id, "supplement-request", {"items": ITEMS, "comment": "Thiếu giấy tờ"}, specialist
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "suspended"
    paused = await wf.process(process["id"])
    assert paused["stage"] == "supplement_requested"
    # A suspended step is nobody's work: out of the inbox, and no action on it.
    mine = await wf.client.get("/v1/tasks", headers=specialist.headers)
    assert task_id not in [t["id"] for t in mine.json()["items"]]
    blocked = await wf.act(task_id, "appraisal", {"findings": "..."}, specialist)
    assert blocked.status_code == 409 and blocked.json()["code"] == "task_not_open"
    events = await wf.events(process["dossier_id"], DOSSIER_SUPPLEMENT_REQUESTED)
    request = next(e.data for e in events if e.type == DOSSIER_SUPPLEMENT_REQUESTED)
    assert request["at_desk"] is False and request["requested_by"] == specialist.subject
    assert [i["name"] for i in request["items"]] == [i["name"] for i in ITEMS]

    # The watcher does not count a paused dossier: days pass, no overdue notice.
    wf.clock.set(local(2026, 3, 12, 9))
    await wf.watcher().sweep()
    assert await wf.sql("select 1 from deadline_notice where instance_id = :id", id=paused["id"]) == []

    # The complete dossier comes back Monday 16/3 after 15:00: counted from Tuesday 17/3, 3 days → 20/3.
    resumed = await wf.supplement(process, local(2026, 3, 16, 15, 30))
    assert resumed["clock_started_on"] == "2026-03-17"
    assert resumed["due_date"] == "2026-03-20"
    [appraisal] = resumed["open_tasks"]
    assert appraisal["id"] == task_id and appraisal["status"] == "open"
    assert appraisal["assignee_subject"] == specialist.subject
    assert appraisal["due_date"] == "2026-03-19"  # its 2 working days, from zero
    started = await wf.events(process["dossier_id"], DOSSIER_PROCESSING_STARTED, count=2)
    due_dates = [e.data["due_date"] for e in started if e.type == DOSSIER_PROCESSING_STARTED]
    assert due_dates == ["2026-03-05", "2026-03-20"]
    history = [h["action"] for h in await wf.history(process["id"])]
    assert "supplemented" in history

    # Only once (đầy đủ một lần).
    again = await wf.act(task_id, "supplement-request", {"items": ITEMS[:1]}, specialist)
    assert again.status_code == 409 and again.json()["code"] == "supplement_already_requested"


async def test_r_proc_3_no_supplement_request_after_three_working_days(wf: Workflow) -> None:
    head = await wf.officer("unit_head", CITY)
    specialist = await wf.officer("specialist", CITY)
    process, task_id = await assigned(
        wf, specialist, head, received_at=local(2026, 3, 2, 10), appointment_date=date(2026, 3, 5)
    )
    wf.clock.set(local(2026, 3, 6, 9))  # the 4th working day
    late = await wf.act(task_id, "supplement-request", {"items": ITEMS}, specialist)
    assert late.status_code == 409
    problem = late.json()
    assert problem["code"] == "supplement_window_closed" and "3 ngày làm việc" in problem["detail"]
    etag = (await wf.client.get(f"/v1/tasks/{task_id}", headers=specialist.headers)).headers["etag"]
    english = await wf.client.post(
        f"/v1/tasks/{task_id}/supplement-request",
        json={"items": ITEMS},
        headers={**specialist.headers, "If-Match": etag, "Accept-Language": "en"},
    )
    assert english.status_code == 409 and "3 working days" in english.json()["detail"]
    unchanged = await wf.process(process["id"])
    assert unchanged["stage"] == "processing" and unchanged["supplement_requested_at"] is None

    # Bad input: an empty list, an item without a reason → 422 with the fields, nothing changed.
    empty = await wf.act(task_id, "supplement-request", {"items": []}, specialist)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "items"
    partial = await wf.act(task_id, "supplement-request", {"items": [{"name": "Giấy tờ"}]}, specialist)
    assert partial.status_code == 422
    assert {e["field"] for e in partial.json()["errors"]} == {"items.0.reason", "items.0.guidance"}
