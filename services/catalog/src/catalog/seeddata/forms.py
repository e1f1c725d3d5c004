"""E-forms of the demo procedures: JSON Schema 2020-12 with Vietnamese titles, formats, guidance and
prefill from the applicant's profile (R-CAT-4)."""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def text(title: str, *, max_length: int = 200, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "title": title, "maxLength": max_length, **extra}


def date(title: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "format": "date"}


def choice(title: str, *values: str) -> dict[str, Any]:
    return {"type": "string", "title": title, "enum": list(values)}


PERSON: dict[str, Any] = {
    "ho_ten": text("Họ, chữ đệm, tên", max_length=100),
    "ngay_sinh": date("Ngày, tháng, năm sinh"),
    "gioi_tinh": choice("Giới tính", "Nam", "Nữ"),
    "so_dinh_danh": {"type": "string", "title": "Số định danh cá nhân", "format": "vn-personal-id"},
    "noi_cu_tru": text("Nơi cư trú", max_length=300),
    "dien_thoai": {"type": "string", "title": "Số điện thoại", "format": "vn-phone"},
    "email": {"type": "string", "title": "Thư điện tử", "format": "email"},
}
PERSON_GUIDANCE = {
    "ho_ten": "Ghi bằng chữ in hoa, có dấu, đúng như trên thẻ Căn cước.",
    "so_dinh_danh": "Số định danh cá nhân gồm 12 chữ số, in trên thẻ Căn cước hoặc ứng dụng VNeID.",
    "noi_cu_tru": "Ghi nơi thường trú hoặc tạm trú hiện tại.",
}
PERSON_PREFILL = {
    "ho_ten": {"source": "profile", "field": "full_name"},
    "ngay_sinh": {"source": "profile", "field": "date_of_birth"},
    "gioi_tinh": {"source": "profile", "field": "gender"},
    "so_dinh_danh": {"source": "profile", "field": "personal_id"},
    "noi_cu_tru": {"source": "profile", "field": "address"},
    "dien_thoai": {"source": "profile", "field": "phone"},
    "email": {"source": "profile", "field": "email"},
}


def form(
    title: str,
    component_code: str,
    properties: dict[str, Any],
    required: list[str],
    *,
    guidance: dict[str, str] | None = None,
    prefill: dict[str, Any] | None = None,
    enum_sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "title": title,
        "component_code": component_code,
        "json_schema": {
            "$schema": DIALECT,
            "type": "object",
            "title": title,
            "required": required,
            "properties": properties,
        },
        "guidance": guidance or {},
        "prefill": prefill or {},
        "enum_sources": enum_sources or {},
    }


def applicant_form(
    title: str,
    component_code: str,
    extra: dict[str, Any],
    extra_required: list[str],
    *,
    guidance: dict[str, str] | None = None,
    enum_sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A form filled by a citizen: the person block (pre-filled from the profile) then the procedure's own."""
    return form(
        title,
        component_code,
        {
            "nguoi_yeu_cau": {
                "type": "object",
                "title": "Người yêu cầu",
                "required": ["ho_ten", "so_dinh_danh"],
                "properties": PERSON,
            }
        }
        | extra,
        ["nguoi_yeu_cau", *extra_required],
        guidance={f"nguoi_yeu_cau.{k}": v for k, v in PERSON_GUIDANCE.items()} | (guidance or {}),
        prefill={f"nguoi_yeu_cau.{k}": v for k, v in PERSON_PREFILL.items()},
        enum_sources=enum_sources,
    )
