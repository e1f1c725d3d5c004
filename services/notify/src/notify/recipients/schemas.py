"""API shapes of notification preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PreferencesUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": True, "sms": False, "in_app": True, "language": "vi"}]},
    )

    email: bool = Field(description="Nhận thông báo qua thư điện tử")
    sms: bool = Field(description="Nhận thông báo qua SMS")
    in_app: bool = Field(description="Nhận thông báo trong hộp thư trên Cổng")
    language: Literal["vi", "en"] = "vi"


class PreferencesRead(PreferencesUpdate):
    legal_notices_always_in_app: bool = Field(
        default=True,
        description="Thông báo bắt buộc theo quy định luôn được gửi vào hộp thư trên Cổng (R-NOTI-3)",
    )
    email_address: str | None = Field(description="Địa chỉ thư điện tử đã biết của tài khoản")
    phone_number: str | None = Field(description="Số điện thoại đã biết của tài khoản")
    updated_at: datetime | None
