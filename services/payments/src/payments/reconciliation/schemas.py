"""API shapes of reconciliation reports."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from servicekit.http import Page


class RunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"date": "2026-11-22"}]})

    date: date
    provider: Literal["vnpay"] = "vnpay"


class DiscrepancyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    txn_ref: str
    transaction_type: str
    payment_id: uuid.UUID | None
    agency_code: str | None
    our_amount: int | None
    gateway_amount: int | None
    our_status: str | None
    gateway_status: str | None
    detail: str


class RunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider: str
    business_date: date
    trigger: str
    status: str
    error: str | None
    gateway_count: int = Field(description="Giao dịch thanh toán cổng báo trong ngày")
    gateway_total: int
    our_count: int = Field(description="Giao dịch hệ thống ghi nhận đã thu trong ngày")
    our_total: int
    matched: int
    settled: int = Field(description="Giao dịch còn treo được chốt khi đối soát (mất IPN)")
    discrepancies: int
    requested_by: str
    started_at: datetime
    finished_at: datetime | None


class RunReport(RunRead):
    items: list[DiscrepancyRead] = Field(description="Chênh lệch (theo cơ quan của người xem)")


RunPage = Page[RunRead]
