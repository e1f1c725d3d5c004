"""Webhook subscriptions of ministry systems (client credentials) and agency/system administrators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import JSONResponse

from contracts.events import spec_for
from notify.db import tables
from notify.deps import SessionDep, WiringDep
from notify.messages import service as messages
from notify.messages.repository import MessageFilters
from notify.messages.schemas import MessagePage, MessageRead
from notify.webhooks import rules, service
from notify.webhooks.models import WebhookSubscription
from notify.webhooks.rules import WEBHOOK_EVENT_TYPES
from notify.webhooks.schemas import (
    EventTypePage,
    EventTypeRead,
    WebhookCreate,
    WebhookCreated,
    WebhookPage,
    WebhookRead,
    WebhookUpdate,
)
from notify.wiring import TEST_SCOPE
from servicekit.auth import Principal, PrincipalDep
from servicekit.errors import Forbidden
from servicekit.http import (
    Idempotency,
    PageParamsDep,
    check_if_match,
    decode_cursor,
    encode_cursor,
    etag_for,
    idempotency_dependency,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]


async def _manager(principal: PrincipalDep) -> Principal:
    if not rules.may_manage(principal):
        raise Forbidden()
    return principal


WebhookManager = Annotated[Principal, Depends(_manager)]


def _read(subscription: WebhookSubscription) -> JSONResponse:
    body = WebhookRead.model_validate(subscription).model_dump(mode="json")
    return JSONResponse(body, headers={"ETag": etag_for(subscription.version)})


@router.get("", response_model=WebhookPage, summary="Các đăng ký webhook")
async def list_webhooks(principal: WebhookManager, session: SessionDep, page: PageParamsDep) -> WebhookPage:
    rows, next_cursor = await service.list_page(
        session, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return WebhookPage(items=[WebhookRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/event-types", response_model=EventTypePage, summary="Các loại sự kiện có thể đăng ký")
async def list_event_types(_: WebhookManager, page: PageParamsDep) -> EventTypePage:
    types = list(WEBHOOK_EVENT_TYPES)
    if page.cursor:
        (after,) = decode_cursor(page.cursor, 1)
        types = [t for t in types if t > after]
    chosen = types[: page.limit]
    items = [EventTypeRead(type=t, summary=spec_for(t).summary) for t in chosen]
    return EventTypePage(
        items=items, next_cursor=encode_cursor([chosen[-1]]) if len(types) > page.limit else None
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookCreated,
    summary="Đăng ký webhook",
    description=(
        "Khóa ký (`secret`) chỉ hiện một lần trong câu trả lời này; lưu nó ngay. Một yêu cầu trùng "
        "Idempotency-Key trả lại cùng đăng ký với `secret` = null."
    ),
)
async def create_webhook(
    body: WebhookCreate,
    principal: WebhookManager,
    session: SessionDep,
    wiring: WiringDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    subscription, secret = await service.create(
        session,
        principal=principal,
        data=body,
        cipher=wiring.cipher,
        production=wiring.production,
        test_client=TEST_SCOPE in principal.scopes,
    )
    created = WebhookCreated(**WebhookRead.model_validate(subscription).model_dump(), secret=None)
    headers = {"Location": f"/v1/webhooks/{subscription.id}", "ETag": etag_for(subscription.version)}
    # What a replay answers is stored without the secret: it is never kept in clear.
    await idempotency.respond(session, status.HTTP_201_CREATED, created, headers=headers)
    shown = created.model_copy(update={"secret": secret}).model_dump(mode="json")
    return JSONResponse(shown, status_code=status.HTTP_201_CREATED, headers=headers)


@router.get("/{subscription_id}", response_model=WebhookRead, summary="Một đăng ký webhook")
async def get_webhook(
    subscription_id: uuid.UUID, principal: WebhookManager, session: SessionDep
) -> JSONResponse:
    return _read(await service.visible(session, principal=principal, subscription_id=subscription_id))


@router.patch(
    "/{subscription_id}",
    response_model=WebhookRead,
    summary="Sửa đăng ký webhook",
    description="Cần If-Match với ETag đã đọc; chỉ các trường được gửi thay đổi.",
)
async def update_webhook(
    subscription_id: uuid.UUID,
    body: WebhookUpdate,
    request: Request,
    principal: WebhookManager,
    session: SessionDep,
    wiring: WiringDep,
) -> JSONResponse:
    subscription = await service.visible(
        session, principal=principal, subscription_id=subscription_id, lock=True
    )
    check_if_match(request, subscription.version)
    updated = await service.update(
        session,
        principal=principal,
        subscription=subscription,
        data=body,
        production=wiring.production,
        test_client=TEST_SCOPE in principal.scopes,
    )
    return _read(updated)


@router.post(
    "/{subscription_id}/secret",
    response_model=WebhookCreated,
    summary="Đổi khóa ký",
    description="Khóa mới chỉ hiện một lần; khóa cũ hết hiệu lực ngay.",
)
async def rotate_secret(
    subscription_id: uuid.UUID, principal: WebhookManager, session: SessionDep, wiring: WiringDep
) -> JSONResponse:
    subscription = await service.visible(
        session, principal=principal, subscription_id=subscription_id, lock=True
    )
    secret = await service.rotate_secret(session, subscription=subscription, cipher=wiring.cipher)
    body = WebhookCreated(**WebhookRead.model_validate(subscription).model_dump(), secret=secret)
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag_for(subscription.version)})


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Xóa đăng ký webhook")
async def delete_webhook(
    subscription_id: uuid.UUID, request: Request, principal: WebhookManager, session: SessionDep
) -> Response:
    subscription = await service.visible(
        session, principal=principal, subscription_id=subscription_id, lock=True
    )
    check_if_match(request, subscription.version, required=False)
    await service.delete(session, subscription=subscription)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{subscription_id}/deliveries",
    response_model=MessagePage,
    summary="Các lần gửi của một đăng ký",
    description="Mỗi sự kiện là một thông báo có trạng thái và số lần thử (chi tiết: GET /v1/messages/{id}).",
)
async def list_deliveries(
    subscription_id: uuid.UUID, principal: WebhookManager, session: SessionDep, page: PageParamsDep
) -> MessagePage:
    await service.visible(session, principal=principal, subscription_id=subscription_id)
    rows, next_cursor = await messages.list_messages(
        session,
        filters=MessageFilters(subscription_id=subscription_id),
        limit=page.limit,
        cursor=page.cursor,
    )
    return MessagePage(items=[MessageRead.model_validate(r) for r in rows], next_cursor=next_cursor)
