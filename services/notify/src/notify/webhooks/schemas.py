"""API shapes of webhook subscriptions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_EXAMPLE: dict[str, Any] = {
    "target_url": "https://motcua.bo-tu-phap.gov.vn/hooks/motcua",
    "event_types": ["vn.motcua.dossier.received.v1", "vn.motcua.dossier.resolved.v1"],
    "agency_codes": ["000.00.00.G12"],
    "description": "Hệ thống một cửa của Bộ",
}


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    target_url: str = Field(max_length=2000, description="Địa chỉ nhận (https; http chỉ khi phát triển)")
    event_types: list[str] = Field(min_length=1, max_length=50, description="Loại sự kiện (CloudEvents type)")
    agency_codes: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="Cơ quan; bỏ trống: mọi cơ quan mình phục vụ (system_admin: mọi cơ quan)",
    )
    description: str | None = Field(default=None, max_length=500)
    active: bool = True
    test_mode: bool = Field(
        default=False, description="Chế độ thử: ghi nhận là đã gửi (simulated) mà không gọi địa chỉ nhận"
    )


class WebhookUpdate(BaseModel):
    """Only the fields given change (If-Match required)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"active": False}]})

    target_url: str | None = Field(default=None, max_length=2000)
    event_types: list[str] | None = Field(default=None, min_length=1, max_length=50)
    agency_codes: list[str] | None = Field(default=None, max_length=500)
    description: str | None = Field(default=None, max_length=500)
    active: bool | None = None
    test_mode: bool | None = None


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    target_url: str
    event_types: list[str]
    agency_codes: list[str]
    description: str | None
    active: bool
    test_mode: bool
    secret_hint: str = Field(description="Đầu và 4 ký tự cuối của khóa ký; khóa đầy đủ chỉ hiện một lần")
    owner_subject: str
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookRead):
    secret: str | None = Field(
        description=(
            "Khóa ký HMAC — chỉ hiện một lần, khi tạo hoặc đổi khóa; null khi trả lời lại một yêu cầu "
            "trùng Idempotency-Key"
        )
    )


class WebhookPage(BaseModel):
    items: list[WebhookRead]
    next_cursor: str | None = None


class EventTypeRead(BaseModel):
    type: str
    summary: str


class EventTypePage(BaseModel):
    items: list[EventTypeRead]
    next_cursor: str | None = None
