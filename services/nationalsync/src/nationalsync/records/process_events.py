"""Workflow's recorded steps (process.progressed): the national progress log only (R-FMT-4). Pure."""

from __future__ import annotations

from typing import Any

from contracts.events import ProcessAction, ProcessProgressed
from contracts.lifecycle import NationalStatus
from nationalsync.records.progress import SYSTEM_ACTOR, ProgressStep
from nationalsync.records.state import RecordState

_ACTIONS: dict[ProcessAction, str] = {
    ProcessAction.TRANSFERRED: "Chuyển xử lý",
    ProcessAction.ASSIGNED: "Phân công xử lý",
    ProcessAction.APPRAISED: "Thẩm định hồ sơ",
    ProcessAction.VERIFIED: "Thẩm tra, xác minh",
    ProcessAction.CONSULTATION_REQUESTED: "Lấy ý kiến",
    ProcessAction.CONSULTATION_ANSWERED: "Trả lời lấy ý kiến",
    ProcessAction.STEP_COMPLETED: "Hoàn thành bước xử lý",
    ProcessAction.PROPOSED: "Trình phê duyệt",
    ProcessAction.APPROVED: "Phê duyệt",
    ProcessAction.SENT_BACK: "Trả lại bước trước",
    ProcessAction.PART_RETURNED: "Cơ quan phối hợp trả kết quả phần việc",
    ProcessAction.RESULT_RECORDED: "Ghi nhận kết quả giải quyết",
    ProcessAction.HANDED_OVER: "Chuyển kết quả về Bộ phận Một cửa",
}


def progressed(state: RecordState, p: ProcessProgressed) -> tuple[RecordState, ProgressStep | None]:
    """A step inside processing (workflow's own log): the progress log only, the record is unchanged;
    the status of the step is the one workflow reports (R-FMT-4)."""
    label = _ACTIONS[p.action]
    content = label + (f" — {p.step_title}" if p.step_title and p.step_title.lower() != label.lower() else "")
    if p.content:
        content += f": {p.content}"
    actor: dict[str, Any] = {"actor_subject": p.officer_subject, "actor_name": p.officer_name}
    if not p.officer_subject and not p.officer_name:
        actor = {"actor_name": SYSTEM_ACTOR}
    step = ProgressStep(
        at=p.occurred_at,
        content=content,
        status=NationalStatus(p.national_status),
        start=p.step_started_at,
        end=p.step_due_date or p.process_due_date,
        agency_code=p.handling_agency_code,
        **actor,
    )
    return state, step
