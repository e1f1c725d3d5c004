"""API shapes of procedures: create, draft edits, the full sheet of a version, fee quotes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from catalog.codes import ProcedureCode
from catalog.procedures.content import OnlineMode, ProcedureContent
from catalog.procedures.examples import CONTENT_EXAMPLE
from catalog.procedures.models import VersionStatus
from contracts.lifecycle import Channel

ChangeNote = Annotated[str, Field(max_length=2000, description="Nội dung thay đổi so với phiên bản trước")]


class ProcedureCreate(BaseModel):
    """A new procedure and its first draft; ``content.name`` and ``content.agency_code`` are needed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"code": "1.001193", "content": CONTENT_EXAMPLE, "valid_from": "2026-01-01"}]
        },
    )

    code: ProcedureCode
    content: ProcedureContent
    valid_from: date | None = Field(
        default=None, description="Ngày bắt đầu hiệu lực (mặc định: ngày công bố)"
    )
    valid_to: date | None = None
    change_note: ChangeNote | None = None


class DraftUpdate(BaseModel):
    """Changes to a draft: each ``content`` field sent replaces the stored one; ``null`` clears it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"content": {"processing_days": 3}, "change_note": "Rút ngắn thời hạn"},
                {
                    "content": {"online_payment": True, "payment_stage": "before_return"},
                    "change_note": "Nộp lệ phí khi nhận kết quả",
                },
            ]
        },
    )

    content: ProcedureContent | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    change_note: ChangeNote | None = None


class NewDraft(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"based_on": 1}]})

    based_on: int | None = Field(
        default=None, ge=1, description="Phiên bản làm gốc (mặc định: phiên bản mới nhất)"
    )
    change_note: ChangeNote | None = None


class AgencyBrief(BaseModel):
    code: str
    name: str | None = None
    address: str | None = None
    phone: str | None = None
    feedback_email: str | None = None


class FieldBrief(BaseModel):
    code: str
    name: str | None = None
    sector_code: str | None = None
    sector_name: str | None = None


class EFormBrief(BaseModel):
    code: str
    title: str
    component_code: str | None
    schema_url: str
    template_url: str


class ProcedureVersionRead(BaseModel):
    """Toàn bộ thông tin một phiên bản thủ tục (R-CAT-1) — một yêu cầu là đủ để hiển thị trang thủ tục."""

    procedure_id: uuid.UUID
    code: str
    version: int
    status: VersionStatus
    status_label: str
    in_force: bool = Field(description="Phiên bản đang có hiệu lực hôm nay")
    valid_from: date | None
    valid_to: date | None
    change_note: str | None
    level_label: str | None
    online_mode: OnlineMode | None = Field(description="Toàn trình / một phần / cung cấp thông tin")
    online_mode_label: str | None
    agency: AgencyBrief | None
    coordinating_agencies: list[AgencyBrief]
    field: FieldBrief | None
    content: ProcedureContent
    eforms: list[EFormBrief]
    statistics_url: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    etag: int


class VersionSummary(BaseModel):
    code: str
    version: int
    status: VersionStatus
    name: str
    valid_from: date | None
    valid_to: date | None
    change_note: str | None
    published_at: datetime | None
    etag: int


class VersionPage(BaseModel):
    items: list[VersionSummary]
    next_cursor: str | None = None


class FeeQuoteRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"channel": "online", "quantities": {"LP2": 3}, "exemptions": ["MG1"]}]
        },
    )

    channel: Channel = Channel.ONLINE
    quantities: dict[str, Annotated[int, Field(ge=1, le=10000)]] = Field(
        default_factory=dict, description="Số lượng cho khoản thu theo đơn vị"
    )
    exemptions: list[str] = Field(default_factory=list, max_length=20, description="Mã đối tượng miễn, giảm")


class FeeQuoteLine(BaseModel):
    code: str
    name: str
    unit_amount: int
    quantity: int
    gross: int
    exemption_code: str | None
    exemption_percent: int
    amount: int


class FeeQuoteRead(BaseModel):
    code: str
    version: int
    channel: Channel
    lines: list[FeeQuoteLine]
    total: int = Field(description="Tổng số tiền phải nộp (VND)")
