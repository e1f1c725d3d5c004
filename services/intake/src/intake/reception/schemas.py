"""API shapes of the desk."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.lifecycle import ApplicantKind, Channel
from intake.dossiers.schemas import FormData, ProcedureCode

Reason = Annotated[str, Field(min_length=3, max_length=2000)]


class WalkInApplicant(BaseModel):
    """Who brings the dossier to the counter (or sends it by post), as the officer checks it."""

    model_config = ConfigDict(extra="forbid")

    kind: ApplicantKind = ApplicantKind.CITIZEN
    name: str = Field(min_length=2, max_length=200)
    personal_id: str | None = Field(default=None, pattern=r"^\d{12}$", description="Số định danh cá nhân")
    tax_code: str | None = Field(default=None, pattern=r"^\d{10}(-?\d{3})?$", description="Mã số thuế")
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    address: str | None = Field(default=None, max_length=500)
    account_subject: str | None = Field(
        default=None, max_length=128, description="Tài khoản của người nộp, để họ theo dõi hồ sơ trực tuyến"
    )

    @model_validator(mode="after")
    def _identified(self) -> WalkInApplicant:
        if not (self.personal_id or self.tax_code or self.account_subject):
            raise ValueError("give the personal id, the tax code or the account of the applicant")
        return self


class CounterIntake(BaseModel):
    """A paper dossier registered by a reception officer (R-INT-1): at the counter or from the post."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "procedure_code": "1.000401",
                    "channel": "desk",
                    "applicant": {
                        "name": "Nguyễn Văn An",
                        "personal_id": "001090012345",
                        "phone": "0912345678",
                        "address": "Số 1 Tràng Tiền, Hà Nội",
                    },
                    "forms": {"TK1-TS": {"ma_so_bhxh": "0123456789", "noi_dung": "Cấp lại sổ"}},
                    "result_channel": "desk",
                }
            ]
        },
    )

    procedure_code: ProcedureCode
    channel: Literal[Channel.DESK, Channel.POSTAL] = Channel.DESK
    applicant: WalkInApplicant
    forms: FormData = Field(default_factory=dict)
    result_channel: Channel | None = None


class CounterUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    forms: FormData | None = None
    result_channel: Channel | None = None


class AcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"note": "Đủ thành phần"}]})

    note: str | None = Field(default=None, max_length=1000)


class SupplementItemIn(BaseModel):
    """One thing to supplement or correct: which component (if any), why, and how (R-INT-3)."""

    model_config = ConfigDict(extra="forbid")

    component_code: str | None = Field(default=None, max_length=40)
    name: str | None = Field(
        default=None, min_length=2, max_length=500, description="Mặc định: tên thành phần"
    )
    reason: Reason
    guidance: Reason


class SupplementRequestIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "component_code": "TP2",
                            "reason": "Bản chụp mờ, không đọc được số sổ.",
                            "guidance": "Chụp lại bản chính, rõ nét, đủ 4 góc.",
                        }
                    ]
                }
            ]
        },
    )

    items: list[SupplementItemIn] = Field(min_length=1, max_length=50)


class RefusalIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"reasons": ["Thủ tục không thuộc thẩm quyền giải quyết của cơ quan."]}]
        },
    )

    reasons: list[Reason] = Field(min_length=1, max_length=20)


class QueueItem(BaseModel):
    id: uuid.UUID
    code: str | None
    status: str
    procedure_code: str
    procedure_name: str
    agency_code: str
    applicant_name: str
    applicant_kind: str
    channel: str
    submitted_at: datetime | None
    waiting_since: datetime
    supplement_round: int
    appointment_date: date | None


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = None


class LetterRead(BaseModel):
    id: uuid.UUID
    kind: str = Field(description="receipt, supplement_request hoặc refusal")
    title: str
    status: Literal["pending", "issued", "failed"]
    filename: str | None
    size: int | None
    sha256: str | None
    created_at: datetime
    content_url: str | None


class LetterPage(BaseModel):
    items: list[LetterRead]


def queue_item(row: Any) -> QueueItem:
    return QueueItem(
        id=row.id,
        code=row.code,
        status=row.status,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        agency_code=row.agency_code,
        applicant_name=row.applicant_name,
        applicant_kind=row.applicant_kind,
        channel=row.channel,
        submitted_at=row.submitted_at,
        waiting_since=row.status_changed_at,
        supplement_round=row.supplement_round,
        appointment_date=row.appointment_date,
    )


class ReturnRequest(BaseModel):
    """How the result leaves (R-RES-1): handed over at the desk, sent by post, or online (level 4)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"channel": "postal", "postal_tracking": "EE123456789VN"}]},
    )

    channel: Channel
    postal_tracking: str | None = Field(default=None, max_length=40, description="Số hiệu bưu gửi")
    note: str | None = Field(default=None, max_length=1000)


class ResultRead(BaseModel):
    id: uuid.UUID
    title: str
    filename: str
    size: int
    sha256: str
    created_at: datetime
    content_url: str


class ResultPage(BaseModel):
    items: list[ResultRead]


def result_read(dossier_id: uuid.UUID, document: Any) -> ResultRead:
    return ResultRead(
        id=document.id,
        title=document.title,
        filename=document.filename,
        size=document.size,
        sha256=document.sha256,
        created_at=document.created_at,
        content_url=f"/v1/dossiers/{dossier_id}/results/{document.id}/content",
    )
