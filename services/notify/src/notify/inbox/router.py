"""HTTP endpoints of the in-app inbox: each user sees only their own messages."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from notify.deps import SessionDep
from notify.inbox import service
from notify.inbox.schemas import InboxMessageRead, InboxPage, UnreadCount
from notify.recipients import service as recipients
from servicekit.auth import PrincipalDep
from servicekit.http import PageParamsDep

router = APIRouter(prefix="/v1/inbox", tags=["inbox"])


async def _language(session: SessionDep, subject: str) -> str:
    preference, _ = await recipients.preferences_of(session, subject=subject)
    return preference.language if preference is not None else "vi"


@router.get("", response_model=InboxPage, summary="Hộp thư của tôi")
async def list_inbox(principal: PrincipalDep, session: SessionDep, page: PageParamsDep) -> InboxPage:
    rows, next_cursor = await service.list_for(
        session,
        recipient=principal.subject,
        limit=page.limit,
        cursor=page.cursor,
        language=await _language(session, principal.subject),
    )
    return InboxPage(items=[InboxMessageRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/unread-count", response_model=UnreadCount, summary="Số thông báo chưa đọc")
async def unread_count(principal: PrincipalDep, session: SessionDep) -> UnreadCount:
    return UnreadCount(unread=await service.unread_count(session, recipient=principal.subject))


@router.post("/{message_id}/read", response_model=InboxMessageRead, summary="Đánh dấu đã đọc")
async def mark_read(message_id: uuid.UUID, principal: PrincipalDep, session: SessionDep) -> InboxMessageRead:
    message = await service.mark_read(
        session,
        recipient=principal.subject,
        message_id=message_id,
        language=await _language(session, principal.subject),
    )
    return InboxMessageRead.model_validate(message)
