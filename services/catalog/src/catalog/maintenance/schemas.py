"""API shapes of maintenance windows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from catalog.maintenance.rules import WindowStatus

Message = Annotated[str, Field(min_length=5, max_length=1000)]


class MaintenanceWindowCreate(BaseModel):
    """Một đợt bảo trì: bắt đầu, dự kiến hoạt động trở lại, nội dung thông báo (R-OPS-1)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "starts_at": "2026-11-28T22:00:00+07:00",
                    "expected_end_at": "2026-11-29T02:00:00+07:00",
                    "message_vi": "Nâng cấp hạ tầng máy chủ của Cổng Dịch vụ công.",
                    "message_en": "Upgrading the servers of the Public Service Portal.",
                }
            ]
        },
    )

    starts_at: AwareDatetime = Field(description="Thời điểm bắt đầu (có múi giờ)")
    expected_end_at: AwareDatetime = Field(description="Thời điểm dự kiến hoạt động trở lại")
    message_vi: Message = Field(description="Nội dung thông báo bằng tiếng Việt")
    message_en: Message | None = Field(default=None, description="Nội dung thông báo bằng tiếng Anh")


class MaintenanceWindowExtension(BaseModel):
    """Đợt bảo trì kéo dài hơn dự kiến: thời điểm hoạt động trở lại mới (và nội dung thông báo, nếu đổi)."""

    model_config = ConfigDict(extra="forbid")

    expected_end_at: AwareDatetime = Field(description="Thời điểm dự kiến hoạt động trở lại mới (muộn hơn)")
    message_vi: Message | None = Field(default=None, description="Nội dung thông báo mới (tiếng Việt)")
    message_en: Message | None = Field(default=None, description="Nội dung thông báo mới (tiếng Anh)")


class MaintenanceWindowRead(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    expected_end_at: datetime
    message: str = Field(description="Nội dung thông báo theo ngôn ngữ yêu cầu (Accept-Language)")
    message_vi: str
    message_en: str | None
    status: WindowStatus
    status_label: str
    created_at: datetime
    scheduled_by: str | None = Field(default=None, description="Chỉ hiện với quản trị hệ thống")
    cancelled_at: datetime | None = None
    cancelled_by: str | None = Field(default=None, description="Chỉ hiện với quản trị hệ thống")


class MaintenanceWindowPage(BaseModel):
    items: list[MaintenanceWindowRead]
    next_cursor: str | None = None
