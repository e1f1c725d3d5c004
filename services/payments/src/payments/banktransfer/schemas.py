"""API shapes of agency accounts and statement imports."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class AccountRead(BaseModel):
    """Tài khoản thu phí, lệ phí cơ quan công bố (theo Danh mục cơ quan)."""

    model_config = ConfigDict(from_attributes=True)

    agency_code: str
    agency_name: str
    bank_name: str
    account_number: str
    account_holder: str
    branch: str | None
    updated_at: datetime


class StatementLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_number: int
    bank_reference: str
    booked_on: date
    credit: int
    debit: int
    description: str
    outcome: str = Field(
        description=(
            "matched, amount_mismatch, no_reference, unknown_reference, order_closed, debit, duplicate"
        )
    )
    payment_reference: str | None
    payment_id: uuid.UUID | None


class StatementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    agency_code: str
    account_number: str
    file_name: str | None
    sha256: str
    lines: int
    matched: int
    imported_by: str
    imported_at: datetime
    items: list[StatementLineRead] = Field(default_factory=list)
