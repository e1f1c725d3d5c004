"""Errors of maintenance windows, each with its status and stable code (ADR 4)."""

from __future__ import annotations

from typing import Any

from servicekit.errors import Conflict, FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class MaintenanceWindowNotFound(NotFound):
    code = "maintenance_window_not_found"
    title = Text("Không tìm thấy đợt bảo trì", "Maintenance window not found")
    detail = Text("Không có đợt bảo trì {window_id}.", "There is no maintenance window {window_id}.")


class MaintenanceWindowInvalid(ServiceError):
    status = 422
    code = "maintenance_window_invalid"
    title = Text("Lịch bảo trì không hợp lệ", "Invalid maintenance window")
    detail = Text(
        "Lịch bảo trì chưa đúng quy định (R-OPS-1); xem danh sách lỗi.",
        "The maintenance window breaks the rules (R-OPS-1); see errors.",
    )


class MaintenanceWindowClosed(Conflict):
    code = "maintenance_window_closed"
    title = Text("Đợt bảo trì đã kết thúc hoặc đã hủy", "Maintenance window closed")
    detail = Text(
        "Đợt bảo trì này đã {status}; không thể hủy.",
        "This maintenance window is already {status}; it cannot be cancelled.",
    )


MESSAGES = {
    "notice_too_short": Text(
        "Phải thông báo trước ít nhất {days} ngày làm việc (R-OPS-1): bắt đầu sớm nhất lúc {earliest}.",
        "Maintenance must be announced at least {days} working day(s) ahead (R-OPS-1): start at {earliest} "
        "at the earliest.",
    ),
    "end_before_start": Text(
        "Thời điểm dự kiến hoạt động trở lại phải sau thời điểm bắt đầu.",
        "The expected end must be after the start.",
    ),
    "too_long": Text(
        "Một đợt bảo trì kéo dài tối đa {hours} giờ.", "A maintenance window lasts at most {hours} hours."
    ),
    "not_later": Text(
        "Thời điểm dự kiến hoạt động trở lại mới phải sau thời điểm đã thông báo ({expected_end_at}).",
        "The new expected end must be after the announced one ({expected_end_at}).",
    ),
    "overlap": Text(
        "Trùng với đợt bảo trì đã lên lịch từ {starts_at} đến {expected_end_at}.",
        "Overlaps the maintenance window already scheduled from {starts_at} to {expected_end_at}.",
    ),
}


def field_error(field: str, problem: str, **params: Any) -> FieldError:
    return FieldError(field, problem, MESSAGES[problem].render(**params))
