"""HTTP endpoints of maintenance windows: the public announcement, and scheduling and cancelling for
system administrators (R-OPS-1)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status
from fastapi.responses import JSONResponse

from catalog.auth import SystemAdmin, is_system_admin
from catalog.db import tables
from catalog.deps import OutboxDep, ReadSessionDep, RuntimeDep, SessionDep
from catalog.maintenance import service
from catalog.maintenance.schemas import (
    MaintenanceWindowCreate,
    MaintenanceWindowExtension,
    MaintenanceWindowPage,
    MaintenanceWindowRead,
)
from catalog.settings import CatalogSettings
from servicekit.auth import OptionalPrincipalDep
from servicekit.db import utcnow
from servicekit.errors import Forbidden, Unauthenticated
from servicekit.http import Idempotency, PageParamsDep, idempotency_dependency

router = APIRouter(prefix="/v1/maintenance-windows", tags=["maintenance"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]


@router.get(
    "",
    response_model=MaintenanceWindowPage,
    summary="Thông báo bảo trì",
    description=(
        "Các đợt bảo trì đang diễn ra và sắp diễn ra, sớm nhất trước (công khai; cổng API dựa vào đây để trả "
        "503 trong thời gian bảo trì). history=true: mọi đợt, kể cả đã hủy, đã kết thúc (quản trị hệ thống)."
    ),
)
async def list_windows(
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
    page: PageParamsDep,
    history: Annotated[bool, Query(description="Toàn bộ lịch sử (quản trị hệ thống)")] = False,
) -> MaintenanceWindowPage:
    admin = principal is not None and is_system_admin(principal)
    now = utcnow()
    if history:
        if principal is None:
            raise Unauthenticated()
        if not admin:
            raise Forbidden()
        rows, next_cursor = await service.history(session, limit=page.limit, cursor=page.cursor)
        return MaintenanceWindowPage(
            items=[service.read(w, now=now, admin=True) for w in rows], next_cursor=next_cursor
        )
    windows = await service.announced(session, now=now)
    return MaintenanceWindowPage(items=[service.read(w, now=now, admin=admin) for w in windows])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=MaintenanceWindowRead,
    summary="Lên lịch bảo trì",
    description=(
        "Quản trị hệ thống lên lịch một đợt bảo trì, thông báo trước ít nhất 01 ngày làm việc trọn vẹn "
        "(R-OPS-1, theo lịch làm việc quốc gia); tối đa 72 giờ; không trùng đợt khác. Người dùng được báo "
        "trong hộp thư trên Cổng."
    ),
)
async def schedule_window(
    body: MaintenanceWindowCreate,
    admin: SystemAdmin,
    session: SessionDep,
    outbox: OutboxDep,
    runtime: RuntimeDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    settings = runtime.settings
    assert isinstance(settings, CatalogSettings)
    window = await service.schedule(session, outbox, principal=admin, data=body, settings=settings)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        service.read(window, now=utcnow(), admin=True),
        headers={"Location": f"/v1/maintenance-windows/{window.id}"},
    )


@router.get("/{window_id}", response_model=MaintenanceWindowRead, summary="Một đợt bảo trì")
async def get_window(
    window_id: uuid.UUID, session: ReadSessionDep, principal: OptionalPrincipalDep
) -> MaintenanceWindowRead:
    window = await service.get(session, window_id=window_id)
    return service.read(window, now=utcnow(), admin=principal is not None and is_system_admin(principal))


@router.post(
    "/{window_id}/cancel",
    response_model=MaintenanceWindowRead,
    summary="Hủy hoặc kết thúc sớm đợt bảo trì",
    description="Đợt sắp diễn ra bị hủy; đợt đang diễn ra kết thúc ngay. 409 nếu đã kết thúc hoặc đã hủy.",
)
async def cancel_window(
    window_id: uuid.UUID, admin: SystemAdmin, session: SessionDep, outbox: OutboxDep
) -> MaintenanceWindowRead:
    window = await service.cancel(session, outbox, principal=admin, window_id=window_id)
    return service.read(window, now=utcnow(), admin=True)


@router.post(
    "/{window_id}/extension",
    response_model=MaintenanceWindowRead,
    summary="Kéo dài đợt bảo trì",
    description=(
        "Đợt bảo trì sắp diễn ra hoặc đang diễn ra kéo dài hơn dự kiến: thời điểm hoạt động trở lại mới, "
        "muộn hơn (tổng thời gian tối đa 72 giờ, không trùng đợt khác); thông báo trên Cổng và hộp thư được "
        "cập nhật."
    ),
)
async def extend_window(
    window_id: uuid.UUID,
    body: MaintenanceWindowExtension,
    admin: SystemAdmin,
    session: SessionDep,
    outbox: OutboxDep,
    runtime: RuntimeDep,
) -> MaintenanceWindowRead:
    settings = runtime.settings
    assert isinstance(settings, CatalogSettings)
    window = await service.extend(
        session, outbox, principal=admin, window_id=window_id, data=body, settings=settings
    )
    return service.read(window, now=utcnow(), admin=True)
