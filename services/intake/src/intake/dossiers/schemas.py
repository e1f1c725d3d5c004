"""API shapes of dossiers: drafts (DraftCreate, DraftUpdate), the owner's view (DossierRead), prefill."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus

AgencyCode = Annotated[
    str,
    Field(
        pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$",
        examples=["000.00.25.H49"],
        description="Mã định danh cơ quan (QCVN 102:2016, R-FMT-1)",
    ),
]
ProcedureCode = Annotated[
    str,
    Field(
        pattern=r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?$",
        examples=["1.000401"],
        description="Mã thủ tục hành chính (R-FMT-3)",
    ),
]
FormCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", examples=["TK1-TS"])]
FormData = dict[FormCode, dict[str, Any] | None]

_FORMS_EXAMPLE: dict[str, Any] = {
    "TK1-TS": {
        "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
        "ma_so_bhxh": "0123456789",
        "noi_dung": "Cấp lại sổ",
    }
}


class DraftCreate(BaseModel):
    """Start a dossier for a procedure; the version in force is used unless one is named (R-CAT-5)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"procedure_code": "1.000401", "forms": _FORMS_EXAMPLE}]},
    )

    procedure_code: ProcedureCode
    procedure_version: int | None = Field(
        default=None, ge=1, description="Phiên bản thủ tục; mặc định phiên bản đang có hiệu lực"
    )
    agency_code: AgencyCode | None = Field(
        default=None, description="Cơ quan giải quyết; mặc định cơ quan của thủ tục"
    )
    forms: FormData = Field(default_factory=dict, description="Dữ liệu tờ khai theo mã biểu mẫu")
    result_channel: Channel | None = Field(default=None, description="Cách nhận kết quả (R-RES-1)")
    prefill: bool = Field(
        default=True,
        description="Điền sẵn các trường trống từ tài khoản, cơ quan và hồ sơ trước đây (R-CAT-4, R-INT-5)",
    )


class DraftUpdate(BaseModel):
    """A partial save: each form sent replaces the stored one; ``null`` removes it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"forms": _FORMS_EXAMPLE}]})

    forms: FormData | None = None
    result_channel: Channel | None = None


class FieldProblem(BaseModel):
    field: str
    code: str
    message: str


class ProcedureRef(BaseModel):
    code: str
    version: int
    name: str


class AgencyRef(BaseModel):
    code: str
    name: str


class Applicant(BaseModel):
    kind: ApplicantKind
    name: str
    details: dict[str, Any] = Field(default_factory=dict)


class StatusView(BaseModel):
    """The status in the suite's terms, its national code (R-FMT-4) and the public one (R-LOOK-2)."""

    value: DossierStatus
    label: str
    national_code: int | None = Field(description="TrangThaiHoSo (R-FMT-4)")
    national_label: str | None
    public: str | None = Field(description="Trạng thái tra cứu công khai (R-LOOK-2)")


class DossierRead(BaseModel):
    """The owner's (and the agency's officers') view of a dossier."""

    id: uuid.UUID
    code: str | None = Field(description="Mã số hồ sơ (R-FMT-2), có khi được tiếp nhận")
    status: StatusView
    procedure: ProcedureRef
    agency: AgencyRef
    applicant: Applicant
    channel: Channel
    forms: dict[str, Any]
    result_channel: Channel | None
    level: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    submission_method: str | None = Field(description="otp, signature (R-ID-3), desk hoặc postal")
    received_at: datetime | None
    reception_date: date | None
    appointment_date: date | None = Field(description="Ngày hẹn trả kết quả (R-FMT-8)")
    handling_unit: str | None = Field(description="Đơn vị đang xử lý (R-LOOK-1)")
    payment_due: str
    payment_state: str
    resolved_at: datetime | None
    returned_at: datetime | None
    withdrawn_at: datetime | None
    version: int = Field(description="Giá trị của ETag; gửi lại trong If-Match khi sửa")
    form_errors: list[FieldProblem] | None = Field(
        default=None, description="Lỗi của tờ khai theo từng trường (bản nháp, hồ sơ cần bổ sung)"
    )


class DossierPage(BaseModel):
    items: list[DossierRead]
    next_cursor: str | None = None


class ValidationResult(BaseModel):
    complete: bool = Field(description="Đủ điều kiện nộp: tờ khai hợp lệ, đủ thành phần bắt buộc")
    errors: list[FieldProblem]


class PrefillSuggestion(BaseModel):
    form_code: str
    path: str
    source: str = Field(description="profile, agency hoặc earlier_dossier")
    source_field: str | None
    label: str
    value: Any


class PrefillRead(BaseModel):
    items: list[PrefillSuggestion]


class HistoryEntry(BaseModel):
    """One change: who, when, from which status to which, and why."""

    model_config = ConfigDict(from_attributes=True)

    at: datetime
    action: str
    actor_kind: str | None
    actor_name: str | None
    from_status: str | None
    to_status: str | None
    reason: str | None
    details: dict[str, Any]


class HistoryRead(BaseModel):
    items: list[HistoryEntry]
