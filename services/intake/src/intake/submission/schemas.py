"""API shapes of submission."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OtpRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"channel": "sms"}]})

    channel: Literal["sms", "email"] | None = Field(default=None, description="Kênh nhận mã; mặc định SMS")


class OtpStarted(BaseModel):
    challenge_id: uuid.UUID
    channel: str
    sent_to: str = Field(description="Địa chỉ nhận mã, đã che bớt")
    expires_in_seconds: int


class OtpAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    challenge_id: uuid.UUID
    code: str = Field(min_length=4, max_length=12)


class SignedDeclaration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    signed_pdf: str = Field(
        min_length=1, max_length=28_000_000, description="Tờ khai PDF đã ký số (PAdES), mã hóa base64"
    )


class SubmissionRequest(BaseModel):
    """Exactly one confirmation: the OTP code (citizens) or the signed declaration (organisations)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"otp": {"challenge_id": "0192f0c1-7a4e-7c1a-9f00-5b7e2d1c9a10", "code": "123456"}}]
        },
    )

    otp: OtpAnswer | None = None
    signature: SignedDeclaration | None = None


class WithdrawalRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "Tôi đã nộp nhầm thủ tục."}]}
    )

    reason: str | None = Field(default=None, min_length=3, max_length=1000, description="Lý do rút hồ sơ")
