"""HTTP endpoints of templates, for system and catalogue administrators (officials)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import JSONResponse

from notify.db import tables
from notify.deps import SessionDep
from notify.kinds import KINDS, Channel
from notify.templates import service
from notify.templates.schemas import (
    Language,
    PreviewRead,
    PreviewRequest,
    TemplateCreate,
    TemplateKindPage,
    TemplateKindRead,
    TemplatePage,
    TemplateRead,
)
from servicekit.auth import Principal, require
from servicekit.http import Idempotency, PageParamsDep, decode_cursor, encode_cursor, idempotency_dependency

router = APIRouter(prefix="/v1/templates", tags=["templates"])
TemplateAdmin = Annotated[Principal, Depends(require(roles={"system_admin", "catalog_admin"}))]
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]


@router.get("", response_model=TemplatePage, summary="Các mẫu thông báo đang dùng")
async def list_templates(
    _: TemplateAdmin,
    session: SessionDep,
    page: PageParamsDep,
    code: Annotated[str | None, Query(max_length=64)] = None,
    channel: Channel | None = None,
    language: Language | None = None,
) -> TemplatePage:
    rows, next_cursor = await service.list_active(
        session, code=code, channel=channel, language=language, limit=page.limit, cursor=page.cursor
    )
    return TemplatePage(items=[TemplateRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/kinds", response_model=TemplateKindPage, summary="Các loại thông báo và biến của chúng")
async def list_kinds(_: TemplateAdmin, page: PageParamsDep) -> TemplateKindPage:
    codes = sorted(KINDS)
    if page.cursor:
        (after,) = decode_cursor(page.cursor, 1)
        codes = [c for c in codes if c > after]
    chosen = codes[: page.limit]
    items = [
        TemplateKindRead(
            code=k.code,
            name=k.name,
            policy=k.policy,
            sensitive=k.sensitive,
            variables=dict(k.variables),
        )
        for k in (KINDS[c] for c in chosen)
    ]
    next_cursor = encode_cursor([chosen[-1]]) if len(codes) > page.limit else None
    return TemplateKindPage(items=items, next_cursor=next_cursor)


@router.get("/{code}", response_model=TemplatePage, summary="Mọi phiên bản của một mẫu")
async def list_versions(
    code: str, _: TemplateAdmin, session: SessionDep, page: PageParamsDep
) -> TemplatePage:
    rows, next_cursor = await service.list_versions(session, code=code, limit=page.limit, cursor=page.cursor)
    return TemplatePage(items=[TemplateRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/{code}/versions",
    status_code=status.HTTP_201_CREATED,
    response_model=TemplateRead,
    summary="Tạo phiên bản mới của mẫu",
    description="Biến và cú pháp được kiểm tra khi lưu; biến không thuộc loại thông báo → 422.",
)
async def create_version(
    code: str,
    body: TemplateCreate,
    admin: TemplateAdmin,
    session: SessionDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    template = await service.create_version(session, code=code, data=body, author=admin.subject)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        TemplateRead.model_validate(template),
        headers={"Location": f"/v1/templates/{code}/versions/{template.id}"},
    )


@router.get("/{code}/versions/{template_id}", response_model=TemplateRead, summary="Một phiên bản của mẫu")
async def get_version(
    code: str, template_id: uuid.UUID, _: TemplateAdmin, session: SessionDep
) -> TemplateRead:
    return TemplateRead.model_validate(await service.get_version(session, code=code, template_id=template_id))


@router.post(
    "/{code}/versions/{template_id}/publish", response_model=TemplateRead, summary="Công bố một phiên bản"
)
async def publish_version(
    code: str, template_id: uuid.UUID, _: TemplateAdmin, session: SessionDep
) -> TemplateRead:
    return TemplateRead.model_validate(await service.publish(session, code=code, template_id=template_id))


@router.post("/{code}/preview", response_model=PreviewRead, summary="Xem trước mẫu với dữ liệu mẫu")
async def preview(code: str, body: PreviewRequest, _: TemplateAdmin, session: SessionDep) -> PreviewRead:
    rendered, version = await service.preview(session, code=code, data=body)
    return PreviewRead(
        subject=rendered.subject, body_text=rendered.body_text, body_html=rendered.body_html, version=version
    )
