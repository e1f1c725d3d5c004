"""The internal OTP delivery contract (identity builds against it: change it only together)."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OtpDeliveryCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "recipient_subject": "citizen-0193c2a4",
                    "channel": "sms",
                    "address": "0912345678",
                    "code": "482913",
                    "purpose": "login",
                    "expires_in_minutes": 5,
                    "language": "vi",
                }
            ]
        },
    )

    recipient_subject: str | None = Field(default=None, max_length=128)
    channel: Literal["sms", "email"]
    address: str = Field(min_length=3, max_length=320, description="Số di động Việt Nam hoặc email")
    code: str = Field(pattern=r"^[0-9A-Za-z]{4,12}$", description="Mã OTP; không bao giờ được ghi log")
    purpose: str = Field(
        min_length=1,
        max_length=200,
        description="Mục đích: login, registration, password_reset, contact_verification, "
        "dossier_submission, step_up — hoặc một cụm từ hiển thị nguyên văn",
    )
    expires_in_minutes: int = Field(ge=1, le=1440)
    language: Literal["vi", "en"] = "vi"


class OtpDeliveryAccepted(BaseModel):
    message_id: uuid.UUID
