"""Errors of e-form definitions."""

from __future__ import annotations

from servicekit.errors import FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class EFormNotFound(NotFound):
    code = "eform_not_found"
    title = Text("Không tìm thấy biểu mẫu", "E-form not found")
    detail = Text(
        "Phiên bản {version} của thủ tục {procedure_code} không có biểu mẫu {form_code}.",
        "Version {version} of procedure {procedure_code} has no form {form_code}.",
    )


class EFormInvalid(ServiceError):
    status = 422
    code = "eform_invalid"
    title = Text("Biểu mẫu điện tử không hợp lệ", "Invalid e-form")
    detail = Text(
        "Định nghĩa biểu mẫu chưa đúng; xem danh sách lỗi.", "The form definition is invalid; see errors."
    )


MESSAGES = {
    "schema_invalid": Text("JSON Schema không hợp lệ: {reason}", "Malformed JSON Schema: {reason}"),
    "schema_dialect": Text("Chỉ hỗ trợ JSON Schema {dialect}.", "Only JSON Schema {dialect} is supported."),
    "schema_not_object": Text(
        "Biểu mẫu phải là một đối tượng (type: object) có properties.",
        "A form is an object schema (type: object) with properties.",
    ),
    "unknown_property": Text("Biểu mẫu không có trường {path}.", "The form has no field {path}."),
    "unknown_prefill_field": Text(
        "Trường nguồn không được hỗ trợ; dùng một trong: {allowed}.",
        "Unsupported source field; use one of: {allowed}.",
    ),
    "unknown_enum_source": Text(
        "Danh mục không được hỗ trợ; dùng một trong: {allowed}.", "Unsupported list; use one of: {allowed}."
    ),
    "enum_source_type": Text(
        "Trường lấy giá trị từ danh mục phải có kiểu string.",
        "A field with a catalogue list must be a string.",
    ),
    "unknown_component": Text(
        "Phiên bản này không có thành phần hồ sơ {value}.", "This version has no dossier component {value}."
    ),
}


def field_error(field: str, problem: str, **params: object) -> FieldError:
    return FieldError(field, problem, MESSAGES[problem].render(None, **params))
