"""API shapes of accounts (AccountRegistration, AccountRead, AccountUpdate …)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from identity.accounts import rules

Phone = Annotated[str, Field(pattern=rules.PHONE.pattern, examples=["0912345678"])]
Email = Annotated[str, Field(pattern=rules.EMAIL.pattern, max_length=254, examples=["an.nguyen@example.vn"])]
SoDinhDanh = Annotated[
    str, Field(pattern=rules.SO_DINH_DANH.pattern, description="Số định danh cá nhân (12 chữ số)")
]
TaxCode = Annotated[str, Field(pattern=rules.TAX_CODE.pattern, description="Mã số thuế / mã số doanh nghiệp")]
AgencyCode = Annotated[str, Field(pattern=rules.AGENCY_CODE.pattern, examples=["000.00.00.G12"])]
Password = Annotated[str, Field(min_length=1, max_length=256)]


class Representative(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full_name: str = Field(min_length=1, max_length=200)
    so_dinh_danh: SoDinhDanh | None = None
    position: str | None = Field(default=None, max_length=200)


class AccountRegistration(BaseModel):
    """A citizen (by personal id number) or an organisation (by tax code) registers (R-ID-1)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "citizen",
                    "so_dinh_danh": "001090012345",
                    "full_name": "Nguyễn Văn An",
                    "date_of_birth": "1990-05-17",
                    "phone": "0912345678",
                    "email": "an.nguyen@example.vn",
                    "address": "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
                    "password": "Mat-khau-2026",
                    "verification_channel": "sms",
                }
            ]
        },
    )

    kind: Literal["citizen", "organisation"]
    so_dinh_danh: SoDinhDanh | None = None
    tax_code: TaxCode | None = None
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: str | None = Field(default=None, max_length=500)
    representatives: list[Representative] = Field(default_factory=list, max_length=20)
    password: Password
    verification_channel: Literal["sms", "email"] = "sms"

    @model_validator(mode="after")
    def _identifiers(self) -> AccountRegistration:
        if self.kind == "citizen" and not self.so_dinh_danh:
            raise ValueError("so_dinh_danh is required for a citizen")
        if self.kind == "organisation" and not self.tax_code:
            raise ValueError("tax_code is required for an organisation")
        if self.verification_channel == "sms" and not self.phone:
            raise ValueError("phone is required to verify by SMS")
        if self.verification_channel == "email" and not self.email:
            raise ValueError("email is required to verify by email")
        return self

    @property
    def username(self) -> str:
        return rules.normalise_username(self.so_dinh_danh or self.tax_code or "")


class VerificationStarted(BaseModel):
    verification_id: uuid.UUID = Field(description="Truyền lại cùng mã nhận được để xác nhận")
    channel: Literal["sms", "email"]
    sent_to: str = Field(description="Địa chỉ đã che bớt")
    expires_in_seconds: int


class CodeSubmission(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verification_id: uuid.UUID
    code: str = Field(min_length=1, max_length=12)


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: Literal["citizen", "organisation", "official"]
    username: str
    status: str
    full_name: str
    so_dinh_danh: str | None
    date_of_birth: date | None
    phone: str | None
    email: str | None
    address: str | None
    phone_verified: bool
    email_verified: bool
    tax_code: str | None
    representatives: list[dict[str, Any]]
    agency_code: str | None
    unit: str | None
    roles: list[str]
    identity_level: int
    created_at: datetime
    updated_at: datetime


class AccountUpdate(BaseModel):
    """Profile changes; a changed phone or email must be verified again before codes go there."""

    model_config = ConfigDict(extra="forbid")
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    date_of_birth: date | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: str | None = Field(default=None, max_length=500)
    representatives: list[Representative] | None = Field(default=None, max_length=20)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: Password
    new_password: Password


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    channel: Literal["sms", "email"] = "sms"


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verification_id: uuid.UUID
    code: str = Field(min_length=1, max_length=12)
    new_password: Password


class OfficialCreate(BaseModel):
    """An official account, created by an agency administrator for their agency."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")
    full_name: str = Field(min_length=1, max_length=200)
    email: Email | None = None
    phone: Phone | None = None
    agency_code: AgencyCode
    unit: str | None = Field(default=None, max_length=200)
    roles: list[str] = Field(min_length=1)
    password: Password

    @model_validator(mode="after")
    def _known_roles(self) -> OfficialCreate:
        unknown = sorted(set(self.roles) - rules.OFFICIAL_ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {', '.join(unknown)}")
        return self
