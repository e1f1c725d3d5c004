"""API shapes of e-form definitions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from catalog.codes import FORM_CODE_PATTERN


class PrefillSource(StrEnum):
    PROFILE = "profile"
    EARLIER_DOSSIER = "earlier_dossier"
    AGENCY = "agency"


class Prefill(BaseModel):
    """Where a field's value can come from, offered to the user to select or auto-fill (R-CAT-4)."""

    model_config = ConfigDict(extra="forbid")

    source: PrefillSource
    field: Annotated[str, Field(min_length=1, max_length=100, description="Trường nguồn, ví dụ full_name")]


EXAMPLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["ho_ten", "so_dinh_danh", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên", "maxLength": 100},
        "so_dinh_danh": {"type": "string", "title": "Số định danh cá nhân", "format": "vn-personal-id"},
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "dien_thoai": {"type": "string", "title": "Số điện thoại", "format": "vn-phone"},
        "noi_dang_ky": {"type": "string", "title": "Tỉnh, thành phố đăng ký"},
    },
}

_EXAMPLE: dict[str, Any] = {
    "title": "Tờ khai đăng ký khai sinh",
    "component_code": "TP1",
    "json_schema": EXAMPLE_SCHEMA,
    "guidance": {"so_dinh_danh": "Ghi số định danh cá nhân 12 chữ số trên thẻ Căn cước."},
    "prefill": {"ho_ten": {"source": "profile", "field": "full_name"}},
    "enum_sources": {"noi_dang_ky": "provinces"},
}


class EFormWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    title: Annotated[str, Field(min_length=2, max_length=300)]
    component_code: Annotated[str, Field(pattern=FORM_CODE_PATTERN)] | None = Field(
        default=None, description="Thành phần hồ sơ mà biểu mẫu này là tờ khai"
    )
    json_schema: dict[str, Any] = Field(description="JSON Schema 2020-12 của dữ liệu tờ khai (kiểu object)")
    guidance: dict[str, Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=dict, description="Hướng dẫn cho từng trường, theo đường dẫn a.b"
    )
    prefill: dict[str, Prefill] = Field(default_factory=dict, description="Nguồn điền sẵn cho từng trường")
    enum_sources: dict[str, str] = Field(
        default_factory=dict,
        description="Danh mục lấy giá trị: provinces, agencies, administrative_levels, channels",
    )


class EFormRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{**_EXAMPLE, "code": "TK01", "etag": 1}]})

    code: str
    procedure_code: str
    version: int
    title: str
    component_code: str | None
    json_schema: dict[str, Any]
    guidance: dict[str, str]
    prefill: dict[str, Prefill]
    enum_sources: dict[str, str]
    schema_url: str
    template_url: str
    etag: int
    updated_at: datetime


class EFormPage(BaseModel):
    items: list[EFormRead]
    next_cursor: str | None = None


class ValidationRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"data": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "00109001234"}}]
        },
    )

    data: dict[str, Any]


class FieldProblem(BaseModel):
    field: str
    code: str
    message: str


class ValidationResult(BaseModel):
    valid: bool
    errors: list[FieldProblem]
