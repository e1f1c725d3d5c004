"""API shapes of templates (TemplateCreate, TemplateRead, TemplatePage, Preview…)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from notify.kinds import Channel, DeliveryPolicy

Language = Literal["vi", "en"]


class TemplateCreate(BaseModel):
    """A new version of the template for one channel and language; published at once unless asked."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "channel": "email",
                    "language": "vi",
                    "subject": "Hồ sơ {{ dossier_code }} đã được tiếp nhận",
                    "body_text": "Ngày hẹn trả kết quả: {{ appointment_date|date }}.",
                }
            ]
        },
    )

    channel: Channel
    language: Language = "vi"
    subject: str | None = Field(default=None, max_length=300, description="Tiêu đề (email, in-app)")
    body_text: str = Field(min_length=1, max_length=20_000)
    body_html: str | None = Field(default=None, max_length=50_000, description="Chỉ cho email")
    publish: bool = Field(default=True, description="Dùng ngay phiên bản này cho thông báo mới")


class TemplateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    channel: Channel
    language: Language
    version: int
    subject: str | None
    body_text: str
    body_html: str | None
    placeholders: list[str]
    published_at: datetime | None
    created_by: str
    created_at: datetime


class TemplatePage(BaseModel):
    items: list[TemplateRead]
    next_cursor: str | None = None


class TemplateKindRead(BaseModel):
    code: str
    name: str
    policy: DeliveryPolicy
    sensitive: bool
    variables: dict[str, str] = Field(description="Biến mẫu được dùng → ý nghĩa")


class TemplateKindPage(BaseModel):
    items: list[TemplateKindRead]
    next_cursor: str | None = None


class PreviewRequest(BaseModel):
    """Render the active version (or ``version``, or the unsaved source given) with ``variables``."""

    model_config = ConfigDict(extra="forbid")

    channel: Channel
    language: Language = "vi"
    version: int | None = Field(default=None, ge=1)
    variables: dict[str, Any] | None = Field(
        default=None, description="Giá trị các biến; bỏ trống để dùng dữ liệu mẫu của loại thông báo"
    )
    subject: str | None = Field(default=None, max_length=300)
    body_text: str | None = Field(default=None, max_length=20_000)
    body_html: str | None = Field(default=None, max_length=50_000)


class PreviewRead(BaseModel):
    subject: str | None
    body_text: str
    body_html: str | None
    version: int | None = Field(description="Phiên bản đã dùng; null khi xem trước nội dung chưa lưu")
