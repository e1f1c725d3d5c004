"""Inter-agency dossiers (R-PROC-5, R-PROC-6, R-PROC-9): a sequential chain of three agencies, each with
its task and limit; a parallel route where the lead decides once every part is in; and a dossier
forwarded to a higher level, whose result returns to the desk that received it."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.events import DOSSIER_RESOLVED, PROCESS_PROGRESSED
from services.workflow.tests.service.support import (
    CITY,
    FINANCE_DEPT,
    JUSTICE_DEPT,
    SOCIAL_INSURANCE,
    WARD,
    Officer,
    Workflow,
    local,
)
from services.workflow.tests.service.test_simple_path import activate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def appraise_and_approve(code: str, days: float, *, approver: str = "unit_head") -> list[dict[str, Any]]:
    return [
        {
            "code": f"{code}_tham_dinh",
            "kind": "appraisal",
            "title": f"Thẩm định ({code})",
            "role": "specialist",
            "working_days": days - 1,
        },
        {
            "code": f"{code}_duyet",
            "kind": "approval",
            "title": f"Phê duyệt ({code})",
            "role": approver,
            "working_days": 1,
        },
    ]


def deciding(code: str, days: float) -> list[dict[str, Any]]:
    return [
        {
            "code": f"{code}_tham_dinh",
            "kind": "appraisal",
            "title": "Thẩm định, đề xuất",
            "role": "specialist",
            "working_days": days - 1.5,
        },
        {
            "code": f"{code}_lanh_dao",
            "kind": "approval",
            "title": "Lãnh đạo phê duyệt",
            "role": "agency_leader",
            "working_days": 1,
        },
        {
            "code": f"{code}_ket_qua",
            "kind": "result",
            "title": "Ban hành kết quả",
            "role": "specialist",
            "working_days": 0.5,
        },
    ]


class Team:
    """A unit head, a specialist and a leader of one agency."""

    def __init__(self, head: Officer, specialist: Officer, leader: Officer) -> None:
        self.head, self.specialist, self.leader = head, specialist, leader

    @classmethod
    async def of(cls, wf: Workflow, agency: str) -> Team:
        return cls(
            await wf.officer("unit_head", agency, f"Trưởng phòng {agency}"),
            await wf.officer("specialist", agency, f"Chuyên viên {agency}"),
            await wf.officer("agency_leader", agency, f"Lãnh đạo {agency}"),
        )


async def do_part(wf: Workflow, process_id: str, agency: str, team: Team, *, approve_with: Officer) -> None:
    """An agency's part: assign, propose, approve (its stage ends)."""
    task = await wf.open_task(process_id, agency=agency, kind="appraisal")
    await wf.ok(task["id"], "assignment", {"assignee_subject": team.specialist.subject}, team.head)
    await wf.ok(
        task["id"],
        "proposal",
        {"decision": "approve", "summary": f"Ý kiến của {agency}: đủ điều kiện"},
        team.specialist,
    )
    approval = await wf.open_task(process_id, agency=agency, kind="approval")
    await wf.ok(approval["id"], "decision", {"decision": "approve"}, approve_with)


async def decide_and_return(wf: Workflow, process_id: str, agency: str, team: Team) -> None:
    """The deciding agency's leader approves and the result goes back to the receiving desk."""
    final = await wf.open_task(process_id, agency=agency, kind="approval")
    await wf.ok(final["id"], "decision", {"decision": "approve"}, team.leader)
    result = await wf.open_task(process_id, agency=agency, kind="result")
    upload = await wf.client.post(
        f"/v1/processes/{process_id}/documents",
        files={"file": ("ket-qua.pdf", PDF, "application/pdf")},
        headers=team.specialist.headers,
    )
    assert upload.status_code == 201, upload.text
    await wf.ok(
        result["id"],
        "result",
        {"title": "Văn bản kết quả", "document_ids": [upload.json()["id"]]},
        team.specialist,
    )
    await wf.ok(result["id"], "handover", {}, team.specialist)


async def test_r_proc_5_sequential_chain_of_three_agencies(wf: Workflow) -> None:
    await activate(
        wf,
        {
            "agency_code": JUSTICE_DEPT,
            "procedure_code": "2.000488",
            "procedure_version": 1,
            "name": "Liên thông tuần tự: Tư pháp → Tài chính → Bảo hiểm xã hội",
            "route": "sequential",
            "legal_limit_days": 10,
            "stages": [
                {
                    "agency_code": JUSTICE_DEPT,
                    "task": "Thẩm định hồ sơ lý lịch",
                    "limit_days": 3,
                    "steps": appraise_and_approve("tp", 3),
                },
                {
                    "agency_code": FINANCE_DEPT,
                    "task": "Xác nhận nghĩa vụ tài chính",
                    "limit_days": 3,
                    "steps": appraise_and_approve("tc", 3),
                },
                {
                    "agency_code": SOCIAL_INSURANCE,
                    "task": "Quyết định và cấp kết quả",
                    "limit_days": 4,
                    "steps": deciding("bh", 4),
                },
            ],
        },
    )
    justice = await Team.of(wf, JUSTICE_DEPT)
    finance = await Team.of(wf, FINANCE_DEPT)
    insurance = await Team.of(wf, SOCIAL_INSURANCE)
    # Received Monday 2/3/2026 9:00 → 10 working days → Monday 16/3.
    process = await wf.receive(
        agency=JUSTICE_DEPT,
        procedure_code="2.000488",
        received_at=local(2026, 3, 2, 9),
        appointment_date=date(2026, 3, 16),
    )
    assert [s["agency_code"] for s in process["stages"]] == [JUSTICE_DEPT, FINANCE_DEPT, SOCIAL_INSURANCE]
    assert [s["status"] for s in process["stages"]] == ["active", "pending", "pending"]
    assert process["stages"][0]["due_date"] == "2026-03-05"

    # Only the agency holding the dossier acts on it: the next agency cannot touch the first's step.
    first = await wf.open_task(process["id"], agency=JUSTICE_DEPT)
    outsider = await wf.act(
        first["id"], "assignment", {"assignee_subject": finance.specialist.subject}, finance.head, etag='"1"'
    )
    assert outsider.status_code == 404

    # Tuesday 3/3 at 16:00 the first agency hands over: after 15:00, the second counts from Wednesday.
    wf.clock.set(local(2026, 3, 3, 16))
    await do_part(wf, process["id"], JUSTICE_DEPT, justice, approve_with=justice.head)
    moved = await wf.process(process["id"])
    assert [s["status"] for s in moved["stages"]] == ["done", "active", "pending"]
    second = moved["stages"][1]
    assert second["task_text"] == "Xác nhận nghĩa vụ tài chính"
    assert second["started_on"] == "2026-03-04" and second["due_date"] == "2026-03-09"
    wf.clock.set(local(2026, 3, 5, 9))

    await do_part(wf, process["id"], FINANCE_DEPT, finance, approve_with=finance.head)
    third = await wf.process(process["id"])
    assert [s["status"] for s in third["stages"]] == ["done", "done", "active"]
    # The third agency's part: appraisal (assign, propose) then its leader and the result.
    task = await wf.open_task(process["id"], agency=SOCIAL_INSURANCE, kind="appraisal")
    await wf.ok(task["id"], "assignment", {"assignee_subject": insurance.specialist.subject}, insurance.head)
    await wf.ok(
        task["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện"}, insurance.specialist
    )
    await decide_and_return(wf, process["id"], SOCIAL_INSURANCE, insurance)

    done = await wf.process(process["id"])
    assert done["stage"] == "resolved" and done["on_time"] is True
    events = await wf.events(process["dossier_id"], DOSSIER_RESOLVED)
    resolved = next(e.data for e in events if e.type == DOSSIER_RESOLVED)
    assert resolved["agency_code"] == JUSTICE_DEPT and resolved["decided_by"] == insurance.leader.subject
    transfers = [
        (e.data["handling_agency_code"], e.data["officer_subject"])
        for e in events
        if e.type == PROCESS_PROGRESSED
        and e.data["action"] == "transferred"
        and e.data["step_title"].startswith("Thẩm")
    ]
    # Phiếu chuyển xử lý: the desk to the first agency, then each agency's approver to the next.
    assert transfers == [
        (JUSTICE_DEPT, None),
        (FINANCE_DEPT, justice.head.subject),
        (SOCIAL_INSURANCE, finance.head.subject),
    ]
    history = await wf.history(process["id"])
    handed = history[-1]
    assert handed["action"] == "handed_over" and handed["receiver"] == f"Bộ phận Một cửa {JUSTICE_DEPT}"


async def test_r_proc_5_parallel_with_a_lead_agency(wf: Workflow) -> None:
    await activate(
        wf,
        {
            "agency_code": FINANCE_DEPT,
            "procedure_code": "2.001610",
            "procedure_version": 1,
            "name": "Liên thông song song: Sở Tài chính chủ trì",
            "route": "parallel",
            "legal_limit_days": 3,
            "stages": [
                {"agency_code": FINANCE_DEPT, "lead": True, "limit_days": 3, "steps": deciding("tc", 3)},
                {
                    "agency_code": SOCIAL_INSURANCE,
                    "task": "Ý kiến về đóng bảo hiểm xã hội",
                    "limit_days": 2,
                    "steps": appraise_and_approve("bh", 2),
                },
                {
                    "agency_code": JUSTICE_DEPT,
                    "task": "Ý kiến về lý lịch của người đại diện",
                    "limit_days": 2,
                    "steps": appraise_and_approve("tp", 2),
                },
            ],
        },
    )
    lead, insurance, justice = (
        await Team.of(wf, FINANCE_DEPT),
        await Team.of(wf, SOCIAL_INSURANCE),
        await Team.of(wf, JUSTICE_DEPT),
    )
    process = await wf.receive(
        agency=FINANCE_DEPT,
        procedure_code="2.001610",
        received_at=local(2026, 3, 9, 9),
        appointment_date=date(2026, 3, 12),
    )
    # All three agencies have it at once.
    assert sorted(t["agency_code"] for t in process["open_tasks"]) == sorted(
        [FINANCE_DEPT, SOCIAL_INSURANCE, JUSTICE_DEPT]
    )
    assert {s["agency_code"]: s["due_date"] for s in process["stages"]} == {
        FINANCE_DEPT: "2026-03-12",
        SOCIAL_INSURANCE: "2026-03-11",
        JUSTICE_DEPT: "2026-03-11",
    }

    task = await wf.open_task(process["id"], agency=FINANCE_DEPT, kind="appraisal")
    await wf.ok(task["id"], "assignment", {"assignee_subject": lead.specialist.subject}, lead.head)
    await wf.ok(
        task["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện thành lập"}, lead.specialist
    )
    await do_part(wf, process["id"], SOCIAL_INSURANCE, insurance, approve_with=insurance.head)
    # The lead may not decide before every part is in.
    final = await wf.open_task(process["id"], agency=FINANCE_DEPT, kind="approval")
    early = await wf.act(final["id"], "decision", {"decision": "approve"}, lead.leader)
    assert early.status_code == 409
    assert early.json()["code"] == "parts_pending" and JUSTICE_DEPT in early.json()["detail"]
    await do_part(wf, process["id"], JUSTICE_DEPT, justice, approve_with=justice.head)
    parts = [h for h in await wf.history(process["id"]) if h["action"] == "part_returned"]
    assert {h["handling_agency_code"] for h in parts} == {SOCIAL_INSURANCE, JUSTICE_DEPT}
    assert all(h["receiver"] == FINANCE_DEPT for h in parts)

    await decide_and_return(wf, process["id"], FINANCE_DEPT, lead)
    done = await wf.process(process["id"])
    assert done["stage"] == "resolved"
    assert [s["status"] for s in done["stages"]] == ["done", "done", "done"]


async def test_r_proc_6_cross_level_forwarding_returns_the_result_to_the_receiving_desk(wf: Workflow) -> None:
    await activate(
        wf,
        {
            "agency_code": WARD,
            "procedure_code": "1.000894",
            "procedure_version": 1,
            "name": "Liên thông khác cấp: phường tiếp nhận, thành phố giải quyết",
            "route": "cross_level",
            "legal_limit_days": 12,
            "stages": [
                {
                    "agency_code": WARD,
                    "task": "Kiểm tra, xác nhận hồ sơ, chuyển cấp trên",
                    "limit_days": 3,
                    "steps": appraise_and_approve("phuong", 3),
                },
                {
                    "agency_code": CITY,
                    "task": "Giải quyết và trả kết quả về phường",
                    "limit_days": 9,
                    "steps": deciding("tp", 9),
                },
            ],
        },
    )
    ward, city = await Team.of(wf, WARD), await Team.of(wf, CITY)
    process = await wf.receive(
        agency=WARD,
        procedure_code="1.000894",
        received_at=local(2026, 3, 2, 9),
        appointment_date=date(2026, 3, 18),
    )
    await do_part(wf, process["id"], WARD, ward, approve_with=ward.head)
    forwarded = await wf.process(process["id"])
    assert [s["status"] for s in forwarded["stages"]] == ["done", "active"]
    # The ward follows its dossier but the city decides it.
    task = await wf.open_task(process["id"], agency=CITY, kind="appraisal")
    assert (await wf.client.get(f"/v1/tasks/{task['id']}", headers=ward.head.headers)).status_code == 200
    not_theirs = await wf.act(
        task["id"], "assignment", {"assignee_subject": ward.specialist.subject}, ward.head
    )
    assert not_theirs.status_code == 404
    await wf.ok(task["id"], "assignment", {"assignee_subject": city.specialist.subject}, city.head)
    await wf.ok(task["id"], "proposal", {"decision": "approve", "summary": "Đủ điều kiện"}, city.specialist)
    await decide_and_return(wf, process["id"], CITY, city)

    done = await wf.process(process["id"])
    assert done["stage"] == "resolved" and done["agency_code"] == WARD
    events = await wf.events(process["dossier_id"], DOSSIER_RESOLVED)
    resolved = next(e.data for e in events if e.type == DOSSIER_RESOLVED)
    assert resolved["agency_code"] == WARD and resolved["decided_by"] == city.leader.subject
    handed = (await wf.history(process["id"]))[-1]
    assert handed["action"] == "handed_over" and handed["receiver"] == f"Bộ phận Một cửa {WARD}"
    assert handed["handling_agency_code"] == WARD
