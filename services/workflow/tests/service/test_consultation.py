"""Consultation (R-PROC-4): the lead unit asks another unit with content and a deadline; only that unit
answers; a missed deadline is reported to the head of the desk, once; the answer is recorded, late."""

from __future__ import annotations

from datetime import date

from contracts.events import PROCESS_OVERDUE
from services.workflow.tests.service.support import FINANCE_DEPT, MINISTRY, TAX, Workflow, local

PROCEDURE = "1.005129"  # at the ministry, 5 working days


async def test_r_proc_4_consultation_with_a_missed_deadline(wf: Workflow) -> None:
    head = await wf.officer("unit_head", MINISTRY, "Đỗ Thị Trưởng")
    specialist = await wf.officer("specialist", MINISTRY, "Hoàng Văn Chuyên")
    tax_specialist = await wf.officer("specialist", TAX, "Lê Thị Thuế")
    desk_head = await wf.officer(
        "unit_head", MINISTRY, "Phạm Thị Một Cửa", roles=["reception_officer", "unit_head"]
    )
    stranger = await wf.officer("specialist", FINANCE_DEPT)

    process = await wf.receive(
        agency=MINISTRY,
        procedure_code=PROCEDURE,
        received_at=local(2026, 3, 2, 9),
        appointment_date=date(2026, 3, 9),
    )
    appraisal = process["open_tasks"][0]
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, head)

    # Bad deadlines and targets change nothing.
    for body, field in (
        ({"agency_code": TAX, "content": "Xin ý kiến", "due_date": "2026-03-02"}, "due_date"),  # today
        ({"agency_code": TAX, "content": "Xin ý kiến", "due_date": "2026-03-07"}, "due_date"),  # Saturday
        (
            {"agency_code": MINISTRY, "content": "Xin ý kiến", "due_date": "2026-03-04"},
            "agency_code",
        ),  # itself
        ({"agency_code": "000.00.99.G12", "content": "Xin ý kiến", "due_date": "2026-03-04"}, "agency_code"),
    ):
        bad = await wf.act(appraisal["id"], "consultations", body, specialist)
        assert bad.status_code == 422, bad.text
        assert bad.json()["errors"][0]["field"] == field

    asked = await wf.ok(
        appraisal["id"],
        "consultations",
        {
            "agency_code": TAX,
            "content": "Đề nghị Cục Thuế cho ý kiến về nghĩa vụ thuế của doanh nghiệp",
            "due_date": "2026-03-04",
        },
        specialist,
    )
    [consultation] = asked["consultations"]
    assert consultation["to_agency_code"] == TAX and consultation["status"] == "open"
    question = consultation["task_id"]

    # The consulted unit sees it in its queue; nobody else may answer it (404: not theirs).
    queue = await wf.client.get("/v1/tasks", params={"box": "unit"}, headers=tax_specialist.headers)
    assert question in [t["id"] for t in queue.json()["items"]]
    for outsider in (stranger, specialist):
        wrong = await wf.act(question, "answer", {"answer": "Đồng ý"}, outsider, etag='"1"')
        assert wrong.status_code == 404 and wrong.json()["code"] == "task_not_found"

    # No decision while the opinion may still come.
    wf.clock.set(local(2026, 3, 3, 9))
    waiting = await wf.act(
        appraisal["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện"}, specialist
    )
    assert waiting.status_code == 409 and waiting.json()["code"] == "consultations_pending"

    # Thursday 5/3 the deadline has passed: the watcher reports it to the head of the desk, once.
    wf.clock.set(local(2026, 3, 5, 8))
    watcher = wf.watcher()
    await watcher.sweep()
    await watcher.sweep()
    events = await wf.events(process["dossier_id"], PROCESS_OVERDUE)
    reports = [e.data for e in events if e.type == PROCESS_OVERDUE and e.data["scope"] == "consultation"]
    assert len(reports) == 1
    assert reports[0]["reported_to_desk"] is True
    assert reports[0]["handling_agency_code"] == TAX and reports[0]["due_date"] == "2026-03-04"
    listed = await wf.client.get(
        "/v1/tasks/notices", params={"reported_to_desk": "true"}, headers=desk_head.headers
    )
    [notice] = listed.json()["items"]
    assert notice["subject_id"] == question and notice["dossier_code"] == process["dossier_code"]
    assert notice["desk_agency_code"] == MINISTRY
    history = await wf.history(process["id"])
    report = next(h for h in history if h["action"] == "consultation_overdue_reported")
    assert report["receiver"] == f"Trưởng Bộ phận Một cửa {MINISTRY}"

    # Only the desk's head acknowledges the report.
    denied = await wf.client.post(
        f"/v1/tasks/notices/{notice['id']}/acknowledgement", headers=specialist.headers
    )
    assert denied.status_code == 403 and denied.json()["code"] == "desk_head_required"
    seen = await wf.client.post(
        f"/v1/tasks/notices/{notice['id']}/acknowledgement", headers=desk_head.headers
    )
    assert seen.status_code == 200 and seen.json()["acknowledged_by"] == desk_head.subject

    # The appraisal may go on now; the late answer is still recorded, as late.
    await wf.ok(
        appraisal["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện cấp phép"}, specialist
    )
    answered = await wf.ok(question, "answer", {"answer": "Doanh nghiệp không nợ thuế"}, tax_specialist)
    assert answered["status"] == "done" and answered["outcome"] == "answered_late"
    assert answered["consultation"]["answer"] == "Doanh nghiệp không nợ thuế"
    entry = next(h for h in await wf.history(process["id"]) if h["action"] == "consultation_answered")
    assert entry["data"]["late"] is True and entry["actor_subject"] == tax_specialist.subject
