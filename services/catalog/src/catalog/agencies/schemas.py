"""API shapes of agencies: AgencyCreate, AgencyUpdate, AgencyRead, AgencyPage."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from catalog.agencies.rules import AdministrativeLevel
from catalog.codes import AgencyCode

Name = Annotated[str, Field(min_length=2, max_length=300)]
Phone = Annotated[
    str,
    Field(
        pattern=r"^((\+84|0)[1-9][0-9 .-]{7,12}|1[89]00[0-9 .-]{4,8})$",
        examples=["0203 3835 648"],
        description="Số điện thoại liên hệ (cố định, di động hoặc tổng đài 1800/1900)",
    ),
]

Email = Annotated[
    str,
    Field(
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        max_length=254,
        examples=["motcua@stp.quangninh.gov.vn"],
        description="Thư điện tử nhận phản ánh, kiến nghị (R-FB-4, R-STAT-7)",
    ),
]


class BankAccount(BaseModel):
    """Tài khoản nhận phí, lệ phí (R-PAY-3: chuyển khoản vào tài khoản công bố của cơ quan)."""

    model_config = ConfigDict(extra="forbid")

    bank_name: Annotated[str, Field(min_length=2, max_length=200, examples=["Kho bạc Nhà nước Quảng Ninh"])]
    account_number: Annotated[str, Field(pattern=r"^[0-9A-Z]{6,30}$", examples=["3511012345678"])]
    account_holder: Annotated[str, Field(min_length=2, max_length=200)]
    branch: str | None = Field(default=None, max_length=200)


_EXAMPLE: dict[str, Any] = {
    "code": "000.00.11.H49",
    "name": "Sở Tư pháp tỉnh Quảng Ninh",
    "short_name": "STP Quảng Ninh",
    "parent_code": "000.00.00.H49",
    "administrative_level": "province",
    "address": "Tầng 8, Trụ sở Liên cơ quan số 2, phường Hồng Hà, thành phố Hạ Long, tỉnh Quảng Ninh",
    "phone": "0203 3835 648",
    "feedback_email": "stp@quangninh.gov.vn",
    "website": "https://sotuphap.quangninh.gov.vn",
    "bank_account": {
        "bank_name": "Kho bạc Nhà nước Quảng Ninh",
        "account_number": "3511012345678",
        "account_holder": "Sở Tư pháp tỉnh Quảng Ninh",
    },
}


class AgencyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    code: AgencyCode
    name: Name
    short_name: str | None = Field(default=None, max_length=100)
    parent_code: AgencyCode | None = None
    administrative_level: AdministrativeLevel
    address: str | None = Field(default=None, max_length=500)
    phone: Phone | None = None
    feedback_email: Email | None = None
    website: str | None = Field(default=None, max_length=300)
    bank_account: BankAccount | None = None


class AgencyUpdate(BaseModel):
    """Fields to change; absent fields stay as they are, ``null`` clears an optional one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"phone": "0203 3835 649", "feedback_email": "motcua@stp.gov.vn"}]},
    )

    name: Name | None = None
    short_name: str | None = Field(default=None, max_length=100)
    parent_code: AgencyCode | None = None
    administrative_level: AdministrativeLevel | None = None
    address: str | None = Field(default=None, max_length=500)
    phone: Phone | None = None
    feedback_email: Email | None = None
    website: str | None = Field(default=None, max_length=300)
    bank_account: BankAccount | None = None
    active: bool | None = None


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_EXAMPLE]})

    id: uuid.UUID
    code: str
    name: str
    short_name: str | None
    parent_code: str | None
    administrative_level: AdministrativeLevel
    address: str | None
    phone: str | None
    feedback_email: str | None
    website: str | None
    bank_account: BankAccount | None
    active: bool
    version: int
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def administrative_level_label(self) -> str:
        return self.administrative_level.label


class AgencyPage(BaseModel):
    items: list[AgencyRead]
    next_cursor: str | None = None
