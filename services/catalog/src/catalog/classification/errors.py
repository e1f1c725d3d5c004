"""Errors of sectors and fields."""

from __future__ import annotations

from servicekit.errors import Conflict, FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class SectorNotFound(NotFound):
    code = "sector_not_found"
    title = Text("Không tìm thấy ngành", "Sector not found")
    detail = Text("Không có ngành mã {sector_code}.", "There is no sector {sector_code}.")


class FieldNotFound(NotFound):
    code = "field_not_found"
    title = Text("Không tìm thấy lĩnh vực", "Field not found")
    detail = Text("Không có lĩnh vực mã {field_code}.", "There is no field {field_code}.")


class ClassificationExists(Conflict):
    code = "classification_exists"
    title = Text("Mã đã tồn tại", "Code already exists")
    detail = Text("Mã {code_value} đã được dùng.", "Code {code_value} is already used.")


class ClassificationInvalid(ServiceError):
    status = 422
    code = "classification_invalid"
    title = Text("Phân loại không hợp lệ", "Invalid classification")
    detail = Text("Thông tin chưa đúng; xem danh sách lỗi.", "Some values are invalid; see errors.")


MESSAGES = {
    "unknown_sector": Text("Không có ngành mã {value}.", "There is no sector {value}."),
    "unknown_agency": Text("Không có cơ quan mã {value}.", "There is no agency {value}."),
    "ministry_mismatch": Text(
        "Mã lĩnh vực {value} phải bắt đầu bằng mã đơn vị cấp 1 của cơ quan quản lý ({unit}).",
        "Field code {value} must start with the managing agency's level-1 unit ({unit}).",
    ),
    "required": Text("Trường này là bắt buộc.", "This field is required."),
}


def field_error(field: str, problem: str, **params: object) -> FieldError:
    return FieldError(field, problem, MESSAGES[problem].render(None, **params))
