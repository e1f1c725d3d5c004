"""Extension once, with the apology letter (R-PROC-8), refusal with reasons (R-PROC-7) and stopping
processing (TT 03/2025 form 05): the letters are checked by their text."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events import DOSSIER_EXTENDED, DOSSIER_REFUSED, DOSSIER_STOPPED
from servicekit.documents.testing import pdf_text
from services.workflow.tests.service.support import CITY, Officer, Workflow, local

HO_KINH_DOANH = "1.001612"  # 3 working days, built-in plan: appraisal, leader's approval, result


async def received(wf: Workflow, when: tuple[int, int, int] = (2026, 3, 2)) -> dict[str, Any]:
    return await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(*when, 10),
        appointment_date=date(2026, 3, 5),
        applicant_name="Trần Thị Bình",
    )


async def test_r_proc_8_extension_once_with_an_apology_second_refused(wf: Workflow) -> None:
    leader = await wf.officer("agency_leader", CITY, "Vũ Văn Lãnh Đạo")
    specialist = await wf.officer("specialist", CITY)
    process = await received(wf)
    assert process["due_date"] == "2026-03-05"
    reason = "Cần xác minh thêm địa điểm kinh doanh tại phường Bãi Cháy"

    # Who and what is refused, with nothing changed.
    wf.clock.set(local(2026, 3, 3, 14))
    denied = await wf.process_action(
        process["id"], "extension", {"reason": reason, "new_due_date": "2026-03-10"}, specialist
    )
    assert denied.status_code == 403 and denied.json()["code"] == "manager_required"
    saturday = await wf.process_action(
        process["id"], "extension", {"reason": reason, "new_due_date": "2026-03-07"}, leader
    )
    assert saturday.status_code == 422 and saturday.json()["errors"][0]["field"] == "new_due_date"
    earlier = await wf.process_action(
        process["id"], "extension", {"reason": reason, "new_due_date": "2026-03-04"}, leader
    )
    assert earlier.status_code == 422 and earlier.json()["errors"][0]["code"] == "not_later"
    no_etag = await wf.client.post(
        f"/v1/processes/{process['id']}/extension",
        json={"reason": reason, "new_due_date": "2026-03-10"},
        headers=leader.headers,
    )
    assert no_etag.status_code == 428
    stale = await wf.client.post(
        f"/v1/processes/{process['id']}/extension",
        json={"reason": reason, "new_due_date": "2026-03-10"},
        headers={**leader.headers, "If-Match": '"0"'},
    )
    assert stale.status_code == 412

    # Wednesday 4/3, one working day before Thursday's date: the leader moves it to Tuesday 10/3.
    wf.clock.set(local(2026, 3, 4, 16))
    extended = await wf.process_action(
        process["id"], "extension", {"reason": reason, "new_due_date": "2026-03-10"}, leader
    )
    assert extended.status_code == 200, extended.text
    body = extended.json()
    assert body["due_date"] == "2026-03-10" and body["due_date_before_extension"] == "2026-03-05"
    events = await wf.events(process["dossier_id"], DOSSIER_EXTENDED)
    [event] = [e.data for e in events if e.type == DOSSIER_EXTENDED]
    assert (
        event["previous_appointment_date"] == "2026-03-05" and event["new_appointment_date"] == "2026-03-10"
    )
    assert event["reason"] == reason and event["apology_document_id"]

    # The apology letter (form 04), readable by the applicant.
    applicant = (await wf.instance(process["dossier_id"])).applicant_subject
    letter = await wf.client.get(
        f"/v1/processes/{process['id']}/documents/{event['apology_document_id']}",
        headers=wf.tokens.headers(applicant),
    )
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    text = pdf_text(letter.content)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text.upper()
    assert process["dossier_code"] in text and "Trần Thị Bình" in text
    assert reason in text
    assert "ngày 05 tháng 3 năm 2026" in text and "ngày 10 tháng 3 năm 2026" in text
    assert "Vũ Văn Lãnh Đạo" in text and "Ủy ban nhân dân thành phố Hạ Long" in text

    # A second extension is refused (R-PROC-8: once), even well before the new date.
    wf.clock.set(local(2026, 3, 5, 9))
    again = await wf.process_action(
        process["id"], "extension", {"reason": "Lần nữa", "new_due_date": "2026-03-13"}, leader
    )
    assert again.status_code == 409 and again.json()["code"] == "extension_already_used"
    assert "một lần" in again.json()["detail"]
    assert (await wf.process(process["id"]))["due_date"] == "2026-03-10"
    documents = await wf.client.get(f"/v1/processes/{process['id']}/documents", headers=leader.headers)
    assert [d["kind"] for d in documents.json()["items"]] == ["apology_letter"]


async def test_r_proc_8_extension_on_the_last_day_is_too_late(wf: Workflow) -> None:
    leader = await wf.officer("agency_leader", CITY)
    process = await received(wf)
    wf.clock.set(local(2026, 3, 5, 8))  # the due date itself
    late = await wf.process_action(
        process["id"], "extension", {"reason": "Chậm", "new_due_date": "2026-03-10"}, leader
    )
    assert late.status_code == 409 and late.json()["code"] == "extension_too_late"
    assert "05/03/2026" in late.json()["detail"]
    assert (await wf.process(process["id"]))["due_date_before_extension"] is None


async def finish_with(
    wf: Workflow, process: dict[str, Any], proposal: dict[str, Any], team: tuple[Officer, ...]
) -> None:
    head, specialist, leader = team
    appraisal = process["open_tasks"][0]
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, head)
    await wf.ok(appraisal["id"], "proposal", proposal, specialist)
    approval = await wf.open_task(process["id"], kind="approval")
    await wf.ok(approval["id"], "decision", {"decision": "approve"}, leader)
    result = await wf.open_task(process["id"], kind="result")
    await wf.ok(result["id"], "result", {"title": "Thông báo từ chối giải quyết"}, specialist)
    await wf.ok(result["id"], "handover", {}, specialist)


async def test_r_proc_7_refusal_with_reasons(wf: Workflow) -> None:
    team = (
        await wf.officer("unit_head", CITY),
        await wf.officer("specialist", CITY),
        await wf.officer("agency_leader", CITY, "Nguyễn Văn Chủ Tịch"),
    )
    process = await received(wf, (2026, 3, 9))
    appraisal = process["open_tasks"][0]
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": team[1].subject}, team[0])
    no_reason = await wf.act(
        appraisal["id"], "proposal", {"decision": "refuse", "summary": "Không đủ điều kiện"}, team[1]
    )
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "refusal_reasons_required"

    reasons = [
        "Ngành, nghề đăng ký thuộc danh mục cấm kinh doanh",
        "Tên hộ kinh doanh trùng với hộ kinh doanh đã đăng ký trên địa bàn",
    ]
    await finish_with(
        wf, process, {"decision": "refuse", "summary": "Đề nghị từ chối", "reasons": reasons}, team
    )
    done = await wf.process(process["id"])
    assert done["stage"] == "refused" and done["closed_at"]
    events = await wf.events(process["dossier_id"], DOSSIER_REFUSED)
    [refused] = [e.data for e in events if e.type == DOSSIER_REFUSED]
    assert refused["at_desk"] is False and refused["reasons"] == reasons
    assert refused["decided_by"] == team[2].subject and refused["letter_document_id"]
    applicant = (await wf.instance(process["dossier_id"])).applicant_subject
    letter = await wf.client.get(
        f"/v1/processes/{process['id']}/documents/{refused['letter_document_id']}",
        headers=wf.tokens.headers(applicant),
    )
    text = pdf_text(letter.content)
    assert process["dossier_code"] in text and "Trần Thị Bình" in text
    for reason in reasons:
        assert reason in text
    assert "Nguyễn Văn Chủ Tịch" in text


async def test_stopping_processing_with_a_reason(wf: Workflow) -> None:
    head = await wf.officer("unit_head", CITY)
    leader = await wf.officer("agency_leader", CITY, "Vũ Văn Lãnh Đạo")
    process = await received(wf, (2026, 3, 10))
    reason = "Người nộp hồ sơ đề nghị dừng giải quyết bằng văn bản ngày 11/3/2026"
    denied = await wf.process_action(process["id"], "stop", {"reason": reason}, head)
    assert denied.status_code == 403 and denied.json()["code"] == "leader_required"
    wf.clock.set(local(2026, 3, 11, 14))
    stopped = await wf.process_action(process["id"], "stop", {"reason": reason}, leader)
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["stage"] == "stopped" and stopped.json()["open_tasks"] == []
    events = await wf.events(process["dossier_id"], DOSSIER_STOPPED)
    [event] = [e.data for e in events if e.type == DOSSIER_STOPPED]
    assert event["reason"] == reason and event["decided_by"] == leader.subject
    documents = (
        await wf.client.get(f"/v1/processes/{process['id']}/documents", headers=leader.headers)
    ).json()
    [notice] = documents["items"]
    assert notice["kind"] == "stop_notice"
    content = await wf.client.get(
        f"/v1/processes/{process['id']}/documents/{notice['id']}", headers=leader.headers
    )
    text = pdf_text(content.content)
    assert "THÔNG BÁO" in text.upper() and reason in text and process["dossier_code"] in text
    # Nothing more happens to a stopped dossier.
    again = await wf.process_action(process["id"], "stop", {"reason": reason}, leader)
    assert again.status_code == 409 and again.json()["code"] == "process_not_processing"
