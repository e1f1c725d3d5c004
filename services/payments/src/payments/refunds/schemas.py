"""API shapes of refunds."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from servicekit.http import Page


class RefundCreate(BaseModel):
    """A refund by hand; ``refund_amount_available`` must be what the payment said was refundable."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "amount": 50000,
                    "refund_amount_available": 100000,
                    "cause": "service_not_performed",
                    "reason": "Cơ quan không thể cấp phiếu do hệ thống dữ liệu gián đoạn",
                }
            ]
        },
    )

    amount: int = Field(gt=0, description="Số tiền hoàn (VND)")
    refund_amount_available: int = Field(
        ge=0, description="Số tiền còn được hoàn, như đã đọc (chống hoàn trùng)"
    )
    cause: Literal["service_not_performed", "overpayment"] = "service_not_performed"
    reason: Annotated[str, Field(min_length=3, max_length=500)]


class PayoutRecord(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reference": "FT26327123456"}]}
    )

    reference: Annotated[str, Field(min_length=1, max_length=64, description="Số chứng từ chi trả")]


class RefundRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    payment_id: uuid.UUID
    transaction_id: uuid.UUID
    amount: int
    cause: str
    reason: str
    method: str
    status: str
    attempts: int
    last_error: str | None
    provider_reference: str | None
    requested_by: str
    completed_by: str | None
    created_at: datetime
    completed_at: datetime | None


RefundPage = Page[RefundRead]
