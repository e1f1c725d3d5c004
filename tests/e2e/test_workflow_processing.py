"""A dossier processed through the whole stack: received at intake's desk, picked up by workflow under the
ministry's demo definition (seeded), assigned, appraised, extended once with an apology the applicant is
told about (R-PROC-8, R-NOTI-3), approved at two levels and handed back with an early-result notice
(R-RES-1) — all through the gateway, with the officials' tokens."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest

from servicekit.calendar import WorkingCalendar
from servicekit.documents.testing import pdf_text
from servicekit.testing import TokenFactory, eventually
from tests.e2e.support import AGENCY, file_and_receive

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def official(tokens: TokenFactory, role: str, name: str) -> tuple[str, dict[str, str]]:
    subject = f"{role}-{uuid.uuid4().hex[:8]}"
    return subject, tokens.headers(subject, kind="official", roles=[role], agencies=[AGENCY], name=name)


async def act(
    gateway: httpx.AsyncClient, task_id: str, action: str, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    read = await gateway.get(f"/v1/tasks/{task_id}", headers=headers)
    assert read.status_code == 200, read.text
    response = await gateway.post(
        f"/v1/tasks/{task_id}/{action}", json=body, headers={**headers, "If-Match": read.headers["etag"]}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


async def open_task(
    gateway: httpx.AsyncClient, process_id: str, headers: dict[str, str], kind: str
) -> dict[str, Any]:
    process = (await gateway.get(f"/v1/processes/{process_id}", headers=headers)).json()
    [task] = [t for t in process["open_tasks"] if t["kind"] == kind]
    return task  # type: ignore[no-any-return]


async def test_a_received_dossier_is_processed_extended_and_handed_back(
    stack,
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    citizen = f"citizen-{uuid.uuid4()}"
    dossier = await file_and_receive(gateway, e2e_tokens, citizen)
    _, head = official(e2e_tokens, "unit_head", "Đỗ Thị Trưởng")
    specialist_subject, specialist = official(e2e_tokens, "specialist", "Hoàng Văn Chuyên")
    _, leader = official(e2e_tokens, "agency_leader", "Vũ Văn Lãnh")
    for headers in (head, specialist, leader):
        assert (await gateway.get("/v1/tasks", headers=headers)).status_code == 200

    async def started() -> dict[str, Any] | None:
        response = await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=head)
        if response.status_code == 404 or response.json()["stage"] != "processing":
            return None
        return response.json()  # type: ignore[no-any-return]

    process = await eventually(started, timeout=60, message="workflow started processing the dossier")
    assert process["definition_id"] is not None and process["legal_limit_days"] == 10
    assert process["dossier_code"] == dossier["code"]

    # The unit head finds the appraisal in the unit's queue and gives it to the specialist.
    # Other tests' dossiers share the unit's queue (ordered by due date): read it page by page.
    queue: list[dict[str, Any]] = []
    params: dict[str, Any] = {"box": "unit", "limit": 100}
    while True:
        page = (await gateway.get("/v1/tasks", params=params, headers=head)).json()
        queue += page["items"]
        if not page.get("next_cursor"):
            break
        params["cursor"] = page["next_cursor"]
    [appraisal] = [t for t in queue if t["dossier_id"] == dossier["id"]]
    await act(gateway, appraisal["id"], "assignment", {"assignee_subject": specialist_subject}, head)
    mine = (await gateway.get("/v1/tasks", headers=specialist)).json()["items"]
    assert appraisal["id"] in [t["id"] for t in mine]

    # The leader moves the appointment once (R-PROC-8); the applicant hears of it with the apology.
    calendar = WorkingCalendar()
    new_date = calendar.add_working_days(date.fromisoformat(process["due_date"]), 2)
    read = await gateway.get(f"/v1/processes/{process['id']}", headers=leader)
    extended = await gateway.post(
        f"/v1/processes/{process['id']}/extension",
        json={"reason": "Cần lấy thêm ý kiến của Cục Quản lý giá", "new_due_date": new_date.isoformat()},
        headers={**leader, "If-Match": read.headers["etag"]},
    )
    assert extended.status_code == 200, extended.text
    assert extended.json()["due_date"] == new_date.isoformat()
    [letter] = (await gateway.get(f"/v1/processes/{process['id']}/documents", headers=leader)).json()["items"]
    download = await gateway.get(
        f"/v1/processes/{process['id']}/documents/{letter['id']}", headers=e2e_tokens.headers(citizen)
    )
    assert download.status_code == 200
    assert "Cần lấy thêm ý kiến của Cục Quản lý giá" in pdf_text(download.content)

    async def told(title: str) -> bool:
        items = (await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))).json()["items"]
        return any(title in i["title"] for i in items)

    await eventually(
        lambda: told(f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {dossier['code']}"),
        timeout=60,
        message="the applicant's apology notice",
    )

    # Appraisal, the optional consultation skipped, two approval levels, the result back to the desk.
    await act(
        gateway,
        appraisal["id"],
        "proposal",
        {"decision": "approve", "summary": "Đủ điều kiện cấp thẻ thẩm định viên về giá"},
        specialist,
    )
    consultation = await open_task(gateway, process["id"], head, "consultation")
    await act(gateway, consultation["id"], "completion", {"comment": "Không cần lấy ý kiến"}, specialist)
    await act(
        gateway,
        (await open_task(gateway, process["id"], head, "approval"))["id"],
        "decision",
        {"decision": "approve"},
        head,
    )
    await act(
        gateway,
        (await open_task(gateway, process["id"], head, "approval"))["id"],
        "decision",
        {"decision": "approve"},
        leader,
    )
    result = await open_task(gateway, process["id"], head, "result")
    upload = await gateway.post(
        f"/v1/processes/{process['id']}/documents",
        files={"file": ("the.pdf", PDF, "application/pdf")},
        headers=specialist,
    )
    assert upload.status_code == 201, upload.text
    await act(
        gateway,
        result["id"],
        "result",
        {"title": "Thẻ thẩm định viên về giá", "document_ids": [upload.json()["id"]]},
        specialist,
    )
    await act(gateway, result["id"], "handover", {}, specialist)

    done = (await gateway.get(f"/v1/processes/{process['id']}", headers=head)).json()
    assert done["stage"] == "resolved" and done["on_time"] is True
    await eventually(
        lambda: told(f"Hồ sơ {dossier['code']} có kết quả sớm"),
        timeout=60,
        message="the applicant's early-result notice",
    )
    sheet = await gateway.get(f"/v1/processes/{process['id']}/control-sheet", headers=head)
    assert sheet.status_code == 200
    text = pdf_text(sheet.content)
    assert dossier["code"] in text and "Hoàng Văn Chuyên" in text and "Trước hạn" in text
    verification = await gateway.get(f"/v1/processes/{process['id']}/history/verification", headers=head)
    assert verification.json()["valid"] is True
