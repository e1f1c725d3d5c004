"""Errors of agencies, each with its status and stable code (ADR 4)."""

from __future__ import annotations

from servicekit.errors import Conflict, FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class AgencyNotFound(NotFound):
    code = "agency_not_found"
    title = Text("Không tìm thấy cơ quan", "Agency not found")
    detail = Text("Không có cơ quan mã {agency_code}.", "There is no agency {agency_code}.")


class AgencyExists(Conflict):
    code = "agency_exists"
    title = Text("Cơ quan đã tồn tại", "Agency already exists")
    detail = Text("Đã có cơ quan mã {agency_code}.", "Agency {agency_code} already exists.")


class AgencyInvalid(ServiceError):
    status = 422
    code = "agency_invalid"
    title = Text("Thông tin cơ quan không hợp lệ", "Invalid agency")
    detail = Text("Thông tin cơ quan chưa đúng; xem danh sách lỗi.", "The agency is not valid; see errors.")


class CalendarRangeInvalid(ServiceError):
    status = 422
    code = "calendar_range_invalid"
    title = Text("Khoảng ngày không hợp lệ", "Invalid date range")
    detail = Text(
        "Ngày bắt đầu phải không sau ngày kết thúc và khoảng ngày tối đa {max_days} ngày.",
        "The start must not be after the end, and a range spans at most {max_days} days.",
    )


MESSAGES = {
    "central_unit_level": Text(
        "Bộ, cơ quan ngang bộ (mã G) phải ở cấp Trung ương.",
        "Ministries and government bodies (G codes) are central.",
    ),
    "local_unit_level": Text(
        "Đơn vị thuộc tỉnh (mã H, K) không thể ở cấp Trung ương.",
        "Provincial units (H, K codes) cannot be central.",
    ),
    "not_below_parent": Text(
        "Mã cơ quan phải nằm dưới mã cơ quan cấp trên theo QCVN 102:2016 "
        "(giữ các thành phần mã của cấp trên).",
        "The code must sit below the parent's code in QCVN 102:2016 numbering (keep the parent's segments).",
    ),
    "above_parent": Text(
        "Cơ quan không thể ở cấp hành chính cao hơn cơ quan cấp trên.",
        "An agency cannot be at a higher administrative level than its parent.",
    ),
    "unknown_parent": Text("Không có cơ quan cấp trên mã {value}.", "There is no parent agency {value}."),
}


def field_error(field: str, problem: str, **params: object) -> FieldError:
    return FieldError(field, problem, MESSAGES[problem].render(None, **params))
