"""The simple path on time (R-PROC-1, R-PROC-2, R-RES-1): a dossier received by the desk reaches the
agency (15:00 cut-off), the unit head assigns it, the specialist appraises, verifies in person and
proposes, two approval levels approve, the result is recorded and handed back to the desk, and
``dossier.resolved`` says it was on time. Every step is in the hash-chained history."""

from __future__ import annotations

import itertools
from datetime import date

from contracts.events import (
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RESOLVED,
    PROCESS_PROGRESSED,
)
from servicekit.documents.testing import pdf_text
from services.workflow.tests.service.support import CITY, Workflow, local

HO_KINH_DOANH = "1.001612"  # Đăng ký thành lập hộ kinh doanh, UBND TP Hạ Long, 3 working days

DEFINITION = {
    "agency_code": CITY,
    "procedure_code": HO_KINH_DOANH,
    "procedure_version": 1,
    "name": "Đăng ký thành lập hộ kinh doanh",
    "route": "single",
    "legal_limit_days": 3,
    "stages": [
        {
            "agency_code": CITY,
            "limit_days": 3,
            "steps": [
                {
                    "code": "tham_dinh",
                    "kind": "appraisal",
                    "title": "Thẩm định hồ sơ",
                    "role": "specialist",
                    "working_days": 1.5,
                },
                {
                    "code": "xac_minh",
                    "kind": "verification",
                    "title": "Xác minh địa điểm kinh doanh",
                    "role": "specialist",
                    "working_days": 0.5,
                    "optional": True,
                },
                {
                    "code": "truong_phong",
                    "kind": "approval",
                    "title": "Trưởng phòng Tài chính - Kế hoạch xem xét",
                    "role": "unit_head",
                    "working_days": 0.5,
                },
                {
                    "code": "lanh_dao",
                    "kind": "approval",
                    "title": "Lãnh đạo UBND phê duyệt",
                    "role": "agency_leader",
                    "working_days": 0.5,
                },
                {
                    "code": "tra_ket_qua",
                    "kind": "result",
                    "title": "Ban hành Giấy chứng nhận, chuyển Một cửa",
                    "role": "specialist",
                    "working_days": 0,
                },
            ],
        }
    ],
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def activate(wf: Workflow, definition: dict[str, object]) -> dict[str, object]:
    admin = wf.tokens.headers(
        "admin-" + str(definition["agency_code"]),
        kind="official",
        roles=["agency_admin"],
        agencies=[str(definition["agency_code"])],
    )
    created = await wf.client.post("/v1/process-definitions", json=definition, headers=admin)
    assert created.status_code == 201, created.text
    activated = await wf.client.post(
        f"/v1/process-definitions/{created.json()['id']}/activate",
        headers={**admin, "If-Match": created.headers["etag"]},
    )
    assert activated.status_code == 200, activated.text
    return activated.json()  # type: ignore[no-any-return]


async def test_r_proc_1_2_simple_path_on_time(wf: Workflow) -> None:
    await activate(wf, DEFINITION)
    head = await wf.officer("unit_head", CITY, "Trần Thị Trưởng Phòng")
    specialist = await wf.officer("specialist", CITY, "Hoàng Văn Chuyên")
    leader = await wf.officer("agency_leader", CITY, "Vũ Văn Lãnh Đạo")

    # Received Monday 2/3/2026 at 10:00: the agency has it the same day; 3 working days → Thursday 5/3.
    process = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 2, 10),
        appointment_date=date(2026, 3, 5),
    )
    assert process["clock_started_on"] == "2026-03-02"
    assert process["due_date"] == "2026-03-05"
    assert process["route"] == "single" and process["definition_id"]
    appraisal = process["open_tasks"][0]
    assert appraisal["kind"] == "appraisal" and appraisal["assignee_subject"] is None
    assert appraisal["due_date"] == "2026-03-04"  # ⌈1.5⌉ working days after Monday

    # The unassigned appraisal waits in the unit's queue, where the head sees it (R-PROC-2).
    queue = await wf.client.get("/v1/tasks", params={"box": "unit"}, headers=head.headers)
    assert [t["id"] for t in queue.json()["items"]] == [appraisal["id"]]
    refused = await wf.act(appraisal["id"], "appraisal", {"findings": "Đủ điều kiện"}, specialist)
    assert refused.status_code == 409 and refused.json()["code"] == "task_not_assigned"

    # Only an official of the unit holding the step's role can be given it.
    outsider = await wf.officer("specialist", "000.00.05.H49")
    for subject in (outsider.subject, leader.subject, "nobody-known"):
        wrong = await wf.act(appraisal["id"], "assignment", {"assignee_subject": subject}, head)
        assert wrong.status_code == 422 and wrong.json()["code"] == "assignee_not_eligible", wrong.text
        assert wrong.json()["errors"][0]["field"] == "assignee_subject"
    not_head = await wf.act(
        appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, specialist
    )
    assert not_head.status_code == 403 and not_head.json()["code"] == "unit_head_required"
    await wf.ok(appraisal["id"], "assignment", {"assignee_subject": specialist.subject}, head)
    mine = await wf.client.get("/v1/tasks", headers=specialist.headers)
    assert [t["id"] for t in mine.json()["items"]] == [appraisal["id"]]

    wf.clock.set(local(2026, 3, 3, 9))
    await wf.ok(appraisal["id"], "appraisal", {"findings": "Hồ sơ đầy đủ, hợp lệ"}, specialist)
    proposed = await wf.ok(
        appraisal["id"],
        "proposal",
        {"decision": "approve", "summary": "Đề nghị cấp Giấy chứng nhận đăng ký hộ kinh doanh"},
        specialist,
    )
    assert proposed["status"] == "done"

    # The optional verification step stays with the same specialist; an in-person visit is recorded.
    verification = await wf.open_task(process["id"], kind="verification")
    assert verification["assignee_subject"] == specialist.subject
    detail = await wf.ok(
        verification["id"],
        "verifications",
        {
            "held_at": "2026-03-03T14:00:00+07:00",
            "place": "Số 5 phố Lê Thánh Tông, phường Hồng Gai",
            "participants": ["Hoàng Văn Chuyên", "Nguyễn Văn An (chủ hộ)"],
            "content": "Địa điểm kinh doanh đúng như kê khai",
        },
        specialist,
    )
    assert detail["verifications"][0]["participants"] == ["Hoàng Văn Chuyên", "Nguyễn Văn An (chủ hộ)"]
    await wf.ok(verification["id"], "completion", {}, specialist)

    # Two approval levels: the specialist may not approve; the unit head, then the leader.
    review = await wf.open_task(process["id"], kind="approval")
    wrong = await wf.act(review["id"], "decision", {"decision": "approve"}, specialist)
    assert wrong.status_code == 403 and wrong.json()["code"] == "role_required"
    await wf.ok(review["id"], "decision", {"decision": "approve", "comment": "Đồng ý"}, head)
    final = await wf.open_task(process["id"], kind="approval")
    assert final["role"] == "agency_leader"
    wf.clock.set(local(2026, 3, 4, 9))
    await wf.ok(final["id"], "decision", {"decision": "approve"}, leader)

    # The result: the signed certificate is uploaded, recorded, and handed back to the desk.
    result_task = await wf.open_task(process["id"], kind="result")
    assert result_task["assignee_subject"] == specialist.subject
    early = await wf.act(result_task["id"], "handover", {}, specialist)
    assert early.status_code == 409 and early.json()["code"] == "result_required"
    upload = await wf.client.post(
        f"/v1/processes/{process['id']}/documents",
        files={"file": ("giay-chung-nhan.pdf", PDF, "application/pdf")},
        headers=specialist.headers,
    )
    assert upload.status_code == 201, upload.text
    document_id = upload.json()["id"]
    await wf.ok(
        result_task["id"],
        "result",
        {
            "title": "Giấy chứng nhận đăng ký hộ kinh doanh",
            "number": "27A8001234",
            "signed_on": "2026-03-04",
            "document_ids": [document_id],
        },
        specialist,
    )
    await wf.ok(result_task["id"], "handover", {"comment": "Chuyển Bộ phận Một cửa trả kết quả"}, specialist)

    done = await wf.process(process["id"])
    assert done["stage"] == "resolved" and done["on_time"] is True and done["open_tasks"] == []
    events = await wf.events(process["dossier_id"], DOSSIER_RESOLVED)
    resolved = next(e for e in events if e.type == DOSSIER_RESOLVED)
    assert resolved.data["on_time"] is True
    assert resolved.data["appointment_date"] == "2026-03-05"
    assert resolved.data["decided_by"] == leader.subject
    assert resolved.data["result_document_ids"] == [document_id]
    assert any(e.type == DOSSIER_PROCESSING_STARTED and e.data["due_date"] == "2026-03-05" for e in events)
    progressed = [e.data["action"] for e in events if e.type == PROCESS_PROGRESSED]
    for action in (
        "transferred",
        "assigned",
        "appraised",
        "proposed",
        "verified",
        "approved",
        "result_recorded",
        "handed_over",
    ):
        assert action in progressed

    # The applicant downloads the result; another citizen and another agency cannot.
    applicant = (await wf.instance(process["dossier_id"])).applicant_subject
    own = await wf.client.get(
        f"/v1/processes/{process['id']}/documents/{document_id}", headers=wf.tokens.headers(applicant)
    )
    assert own.status_code == 200 and own.content == PDF
    stranger = await wf.client.get(
        f"/v1/processes/{process['id']}/documents/{document_id}", headers=wf.tokens.headers("someone-else")
    )
    assert stranger.status_code == 404
    other = wf.tokens.headers("x", kind="official", roles=["agency_leader"], agencies=["000.00.00.G09"])
    assert (await wf.client.get(f"/v1/processes/{process['id']}", headers=other)).status_code == 404

    # The whole history is there, chained, and verifies.
    history = await wf.history(process["id"])
    actions = [h["action"] for h in history]
    assert actions[:2] == ["received", "transferred"]
    assert actions[-1] == "handed_over"
    assert all(h["prev_hash"] == p["hash"] for p, h in itertools.pairwise(history))
    check = await wf.client.get(
        f"/v1/processes/{process['id']}/history/verification", headers=wf.system_reader()
    )
    assert check.json() == {
        "valid": True,
        "length": len(history),
        "head": history[-1]["hash"],
        "first_broken_seq": None,
    }

    # The control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ): each hand-over with its verdict.
    sheet = await wf.client.get(f"/v1/processes/{process['id']}/control-sheet", headers=head.headers)
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    text = pdf_text(sheet.content)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text.upper()
    assert process["dossier_code"] in text
    assert "Ủy ban nhân dân thành phố Hạ Long" in text
    assert "Hồ sơ của: Nguyễn Văn An" in text
    assert "Hẹn trả kết quả: ngày 05 tháng 3 năm 2026" in text
    for name in ("Trần Thị Trưởng Phòng", "Hoàng Văn Chuyên", "Vũ Văn Lãnh Đạo", "Bộ phận Một cửa"):
        assert name in text
    # Desk → unit → specialist (assigned) → … → the result back to the desk: every step early.
    assert "Trước hạn (hạn 04/03/2026)" in text and "Trước hạn (hạn 05/03/2026)" in text
    assert "Quá hạn (hạn" not in text and "Đúng hạn (hạn" not in text


async def test_r_proc_1_received_after_15_00_reaches_the_agency_next_working_day(wf: Workflow) -> None:
    # Friday 6/3/2026 at 15:30: the agency has it on Monday 9/3; 3 working days → Thursday 12/3.
    process = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 6, 15, 30),
        appointment_date=date(2026, 3, 12),
    )
    assert process["clock_started_on"] == "2026-03-09"
    assert process["due_date"] == "2026-03-12"
    history = await wf.history(process["id"])
    transfer = next(h for h in history if h["action"] == "transferred")
    assert transfer["at"].startswith("2026-03-09T00:30:00")  # 07:30 local, the start of Monday
    # Before 15:00 the same Friday, it would have counted from Friday.
    same_day = await wf.receive(
        agency=CITY,
        procedure_code=HO_KINH_DOANH,
        received_at=local(2026, 3, 6, 14, 59),
        appointment_date=date(2026, 3, 11),
    )
    assert same_day["clock_started_on"] == "2026-03-06" and same_day["due_date"] == "2026-03-11"
