"""HTTP endpoints of tasks: inboxes, one task, and every action an officer takes on a step.

Every action needs ``If-Match`` with the task's ETag (428 without it, 412 when someone acted first):
two officers acting on one dossier at once cannot both win.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.http import PageParamsDep, etag_for
from workflow.clock import local_today
from workflow.definitions.content import AGENCY_CODE_PATTERN
from workflow.deps import ClockDep, OutboxDep, ReadSessionDep, SessionDep, SettingsDep
from workflow.directory import service as directory
from workflow.officials import CurrentOfficial
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance
from workflow.roles import StepRole
from workflow.tasks import access, decisions, notices, queries, work
from workflow.tasks.models import Task
from workflow.tasks.queries import Box, Due
from workflow.tasks.schemas import (
    AnswerWrite,
    AppraisalWrite,
    AssignmentWrite,
    CompletionWrite,
    ConsultationWrite,
    DecisionWrite,
    HandoverWrite,
    NoticePage,
    NoticeRead,
    OfficerPage,
    OfficerRead,
    ProposalWrite,
    ResultWrite,
    SupplementWrite,
    TaskDetail,
    TaskPage,
    VerificationWrite,
)

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])

IF_MATCH = "Cần If-Match với ETag của công việc (428 nếu thiếu, 412 nếu đã có người thao tác trước)."


async def _respond(session: AsyncSession, task: Task, status_code: int = 200) -> JSONResponse:
    await session.flush()
    body = await queries.detail(session, task)
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status_code, headers={"ETag": etag_for(task.version)}
    )


@router.get(
    "",
    response_model=TaskPage,
    summary="Hộp công việc",
    description=(
        "box=mine: việc được giao cho tôi; box=unit: việc của đơn vị chưa phân công (lãnh đạo đơn vị "
        "thấy mọi việc chờ phân công); box=done: việc tôi đã xử lý. due=soon: đến hạn trong số ngày "
        "làm việc cấu hình (mặc định 1); due=overdue: quá hạn. Sắp theo hạn xử lý."
    ),
)
async def list_tasks(
    official: CurrentOfficial,
    session: ReadSessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    page: PageParamsDep,
    box: Box = Box.MINE,
    due: Due = Due.ANY,
) -> Response:
    today = local_today(clock)
    soon_until = today
    if due is Due.SOON:
        first_unit = min(official.agencies) if official.agencies else "national"
        calendar = await directory.calendar_for(session, first_unit)
        soon_until = calendar.add_working_days(today, settings.due_soon_working_days)
    items, cursor = await queries.inbox(
        session,
        principal=official,
        box=box,
        due=due,
        today=today,
        soon_until=soon_until,
        limit=page.limit,
        cursor=page.cursor,
    )
    # Serialised once: returning the model would have FastAPI validate the page again.
    return Response(
        TaskPage(items=items, next_cursor=cursor).model_dump_json(), media_type="application/json"
    )


@router.get(
    "/assignees",
    response_model=OfficerPage,
    summary="Cán bộ có thể được phân công",
    description="Cán bộ của đơn vị đã đăng nhập hệ thống, lọc theo vai trò.",
)
async def list_assignees(
    official: CurrentOfficial,
    session: SessionDep,
    agency: Annotated[str, Query(pattern=AGENCY_CODE_PATTERN)],
    role: StepRole | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> OfficerPage:
    if not official.serves_agency(agency):
        return OfficerPage(items=[])
    rows = await directory.officers_of(
        session, agency_code=agency, role=role.value if role else None, limit=limit
    )
    return OfficerPage(items=[OfficerRead.model_validate(r) for r in rows])


@router.get(
    "/notices",
    response_model=NoticePage,
    summary="Thông báo đến hạn, quá hạn",
    description=(
        "Thông báo của bộ theo dõi thời hạn cho các đơn vị của tôi và cho Bộ phận Một cửa của cơ quan tiếp "
        "nhận; reported_to_desk=true: báo cáo trễ hạn lấy ý kiến gửi trưởng Bộ phận Một cửa (R-PROC-4)."
    ),
)
async def list_notices(
    official: CurrentOfficial,
    session: SessionDep,
    page: PageParamsDep,
    reported_to_desk: bool | None = None,
    acknowledged: bool | None = None,
) -> NoticePage:
    items, cursor = await notices.list_for(
        session,
        principal=official,
        reported_to_desk=reported_to_desk,
        acknowledged=acknowledged,
        limit=page.limit,
        cursor=page.cursor,
    )
    return NoticePage(items=items, next_cursor=cursor)


@router.post(
    "/notices/{notice_id}/acknowledgement", response_model=NoticeRead, summary="Xác nhận đã xem thông báo"
)
async def acknowledge_notice(
    notice_id: uuid.UUID, official: CurrentOfficial, session: SessionDep, clock: ClockDep
) -> NoticeRead:
    return await notices.acknowledge(session, notice_id=notice_id, principal=official, at=clock.now())


@router.get("/{task_id}", response_model=TaskDetail, summary="Một công việc")
async def get_task(task_id: uuid.UUID, official: CurrentOfficial, session: SessionDep) -> JSONResponse:
    task = await access.readable_task(session, task_id, official)
    return await _respond(session, task)


Action = Callable[[Context, ProcessInstance, Task, Principal, Any], Awaitable[Any]]


def _action_route(
    path: str,
    action: Action,
    body_model: type[BaseModel],
    *,
    name: str,
    summary: str,
    description: str = IF_MATCH,
    status_code: int = 200,
) -> None:
    """``POST /v1/tasks/{task_id}{path}``: lock the task (If-Match), run ``action`` with the body, answer
    the task as it now is with its new ETag. One shape for every action an officer takes on a step."""

    async def endpoint(
        task_id: uuid.UUID,
        body: BaseModel,
        request: Request,
        official: CurrentOfficial,
        session: SessionDep,
        outbox: OutboxDep,
        clock: ClockDep,
    ) -> JSONResponse:
        instance, task = await access.lock_for_action(session, task_id, official, request)
        context = Context(session=session, outbox=outbox, now=clock.now())
        await action(context, instance, task, official, body)
        return await _respond(session, task, status_code)

    # FastAPI reads the body's type from the signature: each action declares its own model.
    signature = inspect.signature(endpoint, eval_str=True)
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            p.replace(annotation=body_model) if p.name == "body" else p for p in signature.parameters.values()
        ]
    )
    endpoint.__name__ = endpoint.__qualname__ = name
    router.post(
        f"/{{task_id}}{path}",
        response_model=TaskDetail,
        status_code=status_code,
        summary=summary,
        description=description,
        name=name,
    )(endpoint)


_action_route(
    "/assignment", work.assign, AssignmentWrite, name="assign_task", summary="Phân công, phân công lại"
)
_action_route(
    "/appraisal", work.appraise, AppraisalWrite, name="appraise_task", summary="Ghi nhận kết quả thẩm định"
)
_action_route(
    "/verifications",
    work.verify,
    VerificationWrite,
    name="verify_task",
    status_code=201,
    summary="Ghi nhận xác minh trực tiếp (thời gian, địa điểm, thành phần, nội dung)",
)
_action_route(
    "/consultations",
    work.request_consultation,
    ConsultationWrite,
    name="consult",
    status_code=201,
    summary="Lấy ý kiến đơn vị, cơ quan khác (nội dung, thời hạn)",
    description=IF_MATCH + " Đơn vị được hỏi nhận một công việc loại consultation_request (R-PROC-4).",
)
_action_route("/answer", work.answer, AnswerWrite, name="answer_consultation", summary="Trả lời xin ý kiến")
_action_route(
    "/supplement-request",
    work.request_supplement,
    SupplementWrite,
    name="request_supplement",
    summary="Yêu cầu bổ sung sau thẩm định (trong 3 ngày làm việc, R-PROC-3)",
    description=IF_MATCH + " Thời hạn giải quyết tính lại từ đầu khi nhận đủ hồ sơ.",
)
_action_route(
    "/proposal",
    decisions.propose,
    ProposalWrite,
    name="propose",
    summary="Đề xuất giải quyết hoặc từ chối (kèm lý do)",
)
_action_route(
    "/completion",
    decisions.complete,
    CompletionWrite,
    name="complete",
    summary="Hoàn thành bước xác minh, lấy ý kiến",
)
_action_route("/decision", decisions.decide, DecisionWrite, name="decide", summary="Phê duyệt hoặc trả lại")
_action_route(
    "/result",
    decisions.record_result,
    ResultWrite,
    name="record_result",
    summary="Ghi nhận văn bản kết quả",
    description=IF_MATCH + " Tài liệu đã tải lên qua /v1/processes/{id}/documents.",
)
_action_route(
    "/handover",
    decisions.hand_over,
    HandoverWrite,
    name="hand_over",
    summary="Chuyển kết quả về Bộ phận Một cửa",
    description=IF_MATCH + " Kết thúc xử lý: dossier.resolved (hoặc dossier.refused) với đánh giá đúng hạn.",
)
