"""Delivery status of messages: operators see everything, a signed-in user their own (``mine=true``)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from notify.deps import SessionDep
from notify.kinds import Channel
from notify.messages import service
from notify.messages.models import MessageStatus
from notify.messages.repository import MessageFilters
from notify.messages.schemas import AttemptRead, MessageDetail, MessagePage, MessageRead
from servicekit.auth import Principal, PrincipalDep
from servicekit.errors import Forbidden
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/messages", tags=["messages"])
OPERATOR_ROLE = "system_admin"


def _is_operator(principal: Principal) -> bool:
    return principal.kind in ("official", "system") and principal.has_role(OPERATOR_ROLE)


@router.get(
    "",
    response_model=MessagePage,
    summary="Trạng thái gửi thông báo",
    description=(
        "`mine=true`: thông báo gửi cho chính người dùng. Không có `mine`: chỉ quản trị hệ thống "
        "(vai trò system_admin), lọc theo trạng thái, kênh, loại, hồ sơ hoặc người nhận."
    ),
)
async def list_messages(
    principal: PrincipalDep,
    session: SessionDep,
    page: PageParamsDep,
    mine: bool = False,
    status: MessageStatus | None = None,
    channel: Channel | None = None,
    template_code: Annotated[str | None, Query(max_length=64)] = None,
    dossier_id: uuid.UUID | None = None,
    recipient: Annotated[str | None, Query(max_length=128, description="Chủ thể người nhận")] = None,
) -> MessagePage:
    if mine:
        recipient = principal.subject
    elif not _is_operator(principal):
        raise Forbidden()
    filters = MessageFilters(
        recipient_subject=recipient,
        status=status,
        channel=channel,
        template_code=template_code,
        dossier_id=dossier_id,
    )
    rows, next_cursor = await service.list_messages(
        session, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return MessagePage(items=[MessageRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/{message_id}", response_model=MessageDetail, summary="Một thông báo và các lần gửi")
async def get_message(message_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> MessageDetail:
    message, attempts = await service.get_visible(
        session, message_id=message_id, principal=principal, operator=_is_operator(principal)
    )
    return MessageDetail(
        **MessageRead.model_validate(message).model_dump(),
        body_text=message.body_text,
        body_html=message.body_html,
        source_type=message.source_type,
        attempt_log=[AttemptRead.model_validate(a) for a in attempts],
    )
