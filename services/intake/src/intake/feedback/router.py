"""HTTP endpoints of feedback: submit (signed in, or with contact details), follow, answer, forward,
publish; the public Q&A; the agency's accountability figures (R-FB-4)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from intake.db import tables
from intake.deps import OutboxDep, SessionDep
from intake.feedback import actions, repository, service, views
from intake.feedback.context import FeedbackContextDep
from intake.feedback.models import Feedback
from intake.feedback.rules import FeedbackStatus
from intake.feedback.schemas import (
    AccountabilityRead,
    ConsentWrite,
    FeedbackAnswerWrite,
    FeedbackCreate,
    FeedbackForwardWrite,
    FeedbackPage,
    FeedbackRead,
    OfficerFigures,
    PublicationWrite,
    PublicQuestion,
    PublicQuestionPage,
)
from servicekit.auth import OptionalPrincipalDep, Principal, PrincipalDep
from servicekit.clock import local_today
from servicekit.http import Idempotency, PageParamsDep, client_address, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])
public_router = APIRouter(prefix="/v1/feedback/public", tags=["feedback-public"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]
AgencyQuery = Annotated[
    str | None, Query(pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$", description="Mã cơ quan (R-FMT-1)")
]
ProcedureQuery = Annotated[
    str | None,
    Query(pattern=r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?$", description="Mã thủ tục (R-FMT-3)"),
]


async def _read(
    session: AsyncSession, feedback: Feedback, viewer: Principal | None, today: date
) -> FeedbackRead:
    history = await repository.history(session, feedback.id)
    return views.feedback_read(feedback, history, viewer=viewer, today=today)


def _respond(read: FeedbackRead, version: int, status_code: int = 200, **headers: str) -> JSONResponse:
    return JSONResponse(
        read.model_dump(mode="json"), status_code=status_code, headers={"ETag": etag_for(version), **headers}
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=FeedbackRead,
    summary="Gửi phản ánh, kiến nghị",
    description=(
        "Về một hồ sơ của chính mình, một thủ tục hoặc một cơ quan; được chuyển tới cơ quan có trách nhiệm, "
        "trả lời trong 3 ngày làm việc (R-FB-4). Không cần đăng nhập nếu ghi họ tên và thư điện tử hoặc số "
        "điện thoại (giới hạn số lần gửi). Cán bộ ghi nhận phản ánh nhận qua điện thoại, thư điện tử hoặc "
        "tại Bộ phận Một cửa với channel tương ứng. Idempotency-Key (tùy chọn) chống gửi trùng."
    ),
)
async def submit_feedback(
    body: FeedbackCreate,
    request: Request,
    principal: OptionalPrincipalDep,
    session: SessionDep,
    outbox: OutboxDep,
    context: FeedbackContextDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    feedback = await service.submit(
        session,
        outbox,
        context,
        principal=principal,
        data=body,
        client_address=client_address(request, trusted_proxies=context.settings.trusted_proxies),
    )
    read = await _read(session, feedback, principal, local_today(context.clock))
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        read,
        headers={"Location": f"/v1/feedback/{feedback.id}", "ETag": etag_for(feedback.version)},
    )


@router.get(
    "",
    response_model=FeedbackPage,
    summary="Phản ánh của tôi / của cơ quan",
    description="Công dân: phản ánh mình đã gửi. Cán bộ: phản ánh gửi tới các cơ quan mình thuộc về.",
)
async def list_feedback(
    principal: PrincipalDep,
    session: SessionDep,
    context: FeedbackContextDep,
    page: PageParamsDep,
    agency_code: AgencyQuery = None,
    status_filter: Annotated[FeedbackStatus | None, Query(alias="status")] = None,
    overdue: Annotated[bool, Query(description="Chỉ phản ánh chưa trả lời đã quá hạn")] = False,
    dossier_id: Annotated[
        uuid.UUID | None, Query(description="Phản ánh về một hồ sơ (kết quả phản ánh của hồ sơ, R-LOOK-1)")
    ] = None,
) -> FeedbackPage:
    today = local_today(context.clock)
    rows, next_cursor = await service.list_visible(
        session,
        principal=principal,
        agency_code=agency_code,
        status=status_filter,
        overdue_on=today if overdue else None,
        limit=page.limit,
        cursor=page.cursor,
        dossier_id=dossier_id,
    )
    return FeedbackPage(items=[views.summary(r, today=today) for r in rows], next_cursor=next_cursor)


@router.get(
    "/accountability",
    response_model=AccountabilityRead,
    summary="Trách nhiệm trả lời phản ánh của cơ quan",
    description=(
        "Số phản ánh tiếp nhận trong kỳ (theo ngày tiếp nhận; mặc định từ 1/1), đã trả lời đúng hạn, "
        "trễ hạn, đang xử lý, quá hạn; từng cán bộ đã trả lời bao nhiêu, đúng hạn, trễ hạn. "
        "Lãnh đạo, quản trị cơ quan."
    ),
)
async def get_accountability(
    principal: PrincipalDep,
    session: SessionDep,
    context: FeedbackContextDep,
    agency_code: Annotated[
        str, Query(pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$", description="Mã cơ quan")
    ],
    start: Annotated[date | None, Query(alias="from", description="Từ ngày (YYYY-MM-DD)")] = None,
    end: Annotated[date | None, Query(alias="to", description="Đến ngày (YYYY-MM-DD)")] = None,
) -> AccountabilityRead:
    first, last, totals, officers = await service.accountability(
        session, context, principal=principal, agency_code=agency_code, start=start, end=end
    )
    return AccountabilityRead(
        agency_code=agency_code,
        start=first,
        end=last,
        **totals,
        officers=[OfficerFigures.model_validate(o) for o in officers],
    )


@router.get("/{feedback_id}", response_model=FeedbackRead, summary="Xem một phản ánh và quá trình xử lý")
async def get_feedback(
    feedback_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, context: FeedbackContextDep
) -> JSONResponse:
    feedback = await service.get_visible(session, feedback_id=feedback_id, principal=principal)
    return _respond(await _read(session, feedback, principal, local_today(context.clock)), feedback.version)


@router.post(
    "/{feedback_id}/answer",
    response_model=FeedbackRead,
    summary="Trả lời phản ánh",
    description=(
        "Cán bộ của cơ quan được giao (tiếp nhận, chuyên viên, lãnh đạo). Ghi nhận người trả lời, thời điểm, "
        "đúng hạn hay trễ hạn; người gửi được thông báo. publish=true đưa lên mục Hỏi đáp nếu người gửi "
        "đồng ý công khai."
    ),
)
async def answer_feedback(
    feedback_id: uuid.UUID,
    body: FeedbackAnswerWrite,
    principal: PrincipalDep,
    session: SessionDep,
    outbox: OutboxDep,
    context: FeedbackContextDep,
) -> JSONResponse:
    feedback = await actions.answer(
        session, outbox, context, principal=principal, feedback_id=feedback_id, data=body
    )
    return _respond(await _read(session, feedback, principal, local_today(context.clock)), feedback.version)


@router.post(
    "/{feedback_id}/forward",
    response_model=FeedbackRead,
    summary="Chuyển phản ánh tới cơ quan có thẩm quyền",
    description="Cơ quan nhận được có 3 ngày làm việc kể từ ngày chuyển để trả lời.",
)
async def forward_feedback(
    feedback_id: uuid.UUID,
    body: FeedbackForwardWrite,
    principal: PrincipalDep,
    session: SessionDep,
    outbox: OutboxDep,
    context: FeedbackContextDep,
) -> JSONResponse:
    feedback = await actions.forward(
        session, outbox, context, principal=principal, feedback_id=feedback_id, data=body
    )
    # The answer shows the feedback as forwarded; afterwards only the new agency's officials see it.
    return _respond(await _read(session, feedback, principal, local_today(context.clock)), feedback.version)


@router.put(
    "/{feedback_id}/publication",
    response_model=FeedbackRead,
    summary="Công khai hoặc thôi công khai trên mục Hỏi đáp",
    description="Chỉ phản ánh đã trả lời và người gửi đồng ý công khai; thông tin cá nhân được ẩn.",
)
async def set_publication(
    feedback_id: uuid.UUID,
    body: PublicationWrite,
    principal: PrincipalDep,
    session: SessionDep,
    context: FeedbackContextDep,
) -> JSONResponse:
    feedback = await actions.set_publication(
        session, context, principal=principal, feedback_id=feedback_id, data=body
    )
    return _respond(await _read(session, feedback, principal, local_today(context.clock)), feedback.version)


@router.put(
    "/{feedback_id}/consent",
    response_model=FeedbackRead,
    summary="Đồng ý hoặc rút đồng ý công khai",
    description="Người gửi; rút đồng ý thì câu hỏi và câu trả lời được gỡ khỏi mục Hỏi đáp ngay.",
)
async def set_consent(
    feedback_id: uuid.UUID,
    body: ConsentWrite,
    principal: PrincipalDep,
    session: SessionDep,
    context: FeedbackContextDep,
) -> JSONResponse:
    feedback = await actions.set_consent(
        session, context, principal=principal, feedback_id=feedback_id, publish_consent=body.publish_consent
    )
    return _respond(await _read(session, feedback, principal, local_today(context.clock)), feedback.version)


@public_router.get(
    "",
    response_model=PublicQuestionPage,
    summary="Hỏi đáp công khai",
    description=(
        "Câu hỏi và câu trả lời được công khai với sự đồng ý của người gửi, không kèm thông tin cá nhân."
    ),
)
async def list_public_questions(
    session: SessionDep,
    page: PageParamsDep,
    procedure_code: ProcedureQuery = None,
    agency_code: AgencyQuery = None,
) -> PublicQuestionPage:
    rows, next_cursor = await service.public_page(
        session, procedure_code=procedure_code, agency_code=agency_code, limit=page.limit, cursor=page.cursor
    )
    return PublicQuestionPage(items=[views.public_question(r) for r in rows], next_cursor=next_cursor)


@public_router.get("/{feedback_id}", response_model=PublicQuestion, summary="Một câu hỏi công khai")
async def get_public_question(feedback_id: uuid.UUID, session: SessionDep) -> PublicQuestion:
    return views.public_question(await service.get_public(session, feedback_id))
