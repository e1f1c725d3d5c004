"""API shapes of OTP confirmations (R-ID-3)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ConfirmationCreate(BaseModel):
    """Intake asks identity to send the applicant a code confirming one submission."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject": "0192f0c1-7a4e-7c1a-9f00-5b7e2d1c9a10",
                    "reference": "dossier:0192f0c1-…",
                    "channel": "sms",
                }
            ]
        },
    )
    subject: str = Field(min_length=1, max_length=128, description="Tài khoản (sub) của người nộp")
    reference: str = Field(min_length=1, max_length=128, description="Điều được xác nhận, vd. mã hồ sơ")
    channel: Literal["sms", "email"] = "sms"


class ConfirmationStarted(BaseModel):
    challenge_id: uuid.UUID
    channel: Literal["sms", "email"]
    sent_to: str
    expires_in_seconds: int


class ConfirmationCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field(min_length=1, max_length=128)
    reference: str = Field(min_length=1, max_length=128)
    code: str = Field(min_length=1, max_length=12)


class ConfirmationResult(BaseModel):
    confirmed: bool
    subject: str
    reference: str
    channel: str
    confirmed_at: datetime
