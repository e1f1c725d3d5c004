"""API shapes of payment orders."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from servicekit.http import Page

ExemptionCode = Annotated[str, Field(min_length=1, max_length=10, pattern=r"^[A-Za-z0-9_-]+$")]


class PaymentCreate(BaseModel):
    """An order for a received dossier: by its applicant (paid online) or at the desk."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"dossier_id": "01935f3e-7b1c-7cc2-9d8e-2f1a3b4c5d6e"}]},
    )

    dossier_id: uuid.UUID
    exemptions: list[ExemptionCode] = Field(
        default_factory=list, max_length=20, description="Đối tượng miễn, giảm (chỉ cán bộ tiếp nhận)"
    )
    quantities: dict[str, Annotated[int, Field(ge=1, le=10000)]] = Field(
        default_factory=dict, description="Số lượng cho khoản thu theo đơn vị (bản, trang…)"
    )


class Requote(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"exemptions": ["SV"], "quantities": {}}]}
    )

    exemptions: list[ExemptionCode] = Field(default_factory=list, max_length=20)
    quantities: dict[str, Annotated[int, Field(ge=1, le=10000)]] = Field(default_factory=dict)


class CheckoutCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"gateway": "vnpay", "locale": "vn"}]}
    )

    gateway: Literal["vnpay"] = "vnpay"
    bank_code: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,20}$")] | None = Field(
        default=None, description="Chọn trước ngân hàng/phương thức tại VNPay (VNPAYQR, VNBANK, INTCARD…)"
    )
    locale: Literal["vn", "en"] = "vn"


class CheckoutRead(BaseModel):
    transaction_id: uuid.UUID
    txn_ref: str
    redirect_url: str = Field(description="Chuyển trình duyệt người nộp tới địa chỉ này")
    expires_at: datetime


class Cancellation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, Field(min_length=3, max_length=500)]


class CashPayment(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"amount": 100000, "payer_name": "Nguyễn Văn An"}]}
    )

    amount: int = Field(gt=0, description="Số tiền mặt đã thu (VND), phải bằng số phải nộp")
    payer_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class FeeLineRead(BaseModel):
    code: str
    name: str
    unit_amount: int
    quantity: int
    gross: int
    exemption_code: str | None
    exemption_percent: int
    amount: int


class BankTransferInstructions(BaseModel):
    """Chuyển khoản tới tài khoản cơ quan công bố, ghi đúng mã thanh toán ở nội dung (R-PAY-3)."""

    bank_name: str
    branch: str | None
    account_number: str
    account_holder: str
    amount: int
    description: str = Field(description="Nội dung chuyển khoản: phải có mã thanh toán")


class TransactionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider: str
    txn_ref: str
    amount: int
    status: str
    failure_code: str | None
    response_code: str | None
    provider_transaction_no: str | None
    bank_code: str | None
    settled_via: str | None
    surplus: bool
    expires_at: datetime | None
    paid_at: datetime | None
    created_at: datetime


class ReceiptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    payment_id: uuid.UUID
    agency_code: str
    dossier_code: str | None
    amount: int
    method: str
    fee_lines: list[FeeLineRead]
    payer_name: str | None
    issued_by: str
    issued_at: datetime


class RefundBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    amount: int
    cause: str
    status: str
    created_at: datetime
    completed_at: datetime | None


class PaymentRead(BaseModel):
    id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str | None
    agency_code: str
    procedure_code: str
    procedure_version: int
    applicant_subject: str
    payment_due: str
    channel: str
    status: str
    failure_code: str | None
    failure_reason: str | None
    amount: int = Field(description="Số tiền phải nộp (VND)")
    currency: Literal["VND"] = "VND"
    fee_lines: list[FeeLineRead]
    exemptions: list[str]
    description: str
    payment_reference: str = Field(description="Mã thanh toán, ghi ở nội dung chuyển khoản")
    bank_transfer: BankTransferInstructions | None
    paid_amount: int
    refunded_amount: int
    refundable_amount: int
    method: str | None
    paid_at: datetime | None
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int
    receipt: ReceiptRead | None
    transactions: list[TransactionRead]
    refunds: list[RefundBrief]


class PaymentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_code: str | None
    agency_code: str
    status: str
    amount: int
    paid_amount: int
    refunded_amount: int
    payment_reference: str
    expires_at: datetime
    created_at: datetime


PaymentPage = Page[PaymentSummary]
