"""Errors of process definitions."""

from __future__ import annotations

from servicekit.errors import Conflict, Forbidden, NotFound, ServiceError
from servicekit.i18n import Text


class DefinitionNotFound(NotFound):
    code = "process_definition_not_found"
    title = Text("Không tìm thấy quy trình", "Process definition not found")


class NotDefinitionAdmin(Forbidden):
    code = "not_definition_admin"
    detail = Text(
        "Chỉ quản trị của cơ quan {agency_code} được quản lý quy trình của cơ quan.",
        "Only an administrator of agency {agency_code} may manage its process definitions.",
    )


class DefinitionInvalid(ServiceError):
    status = 422
    code = "process_definition_invalid"
    title = Text("Quy trình chưa hợp lệ", "Invalid process definition")
    detail = Text(
        "Quy trình chưa đúng quy định; xem danh sách lỗi.", "The definition breaks rules; see errors."
    )


class DefinitionNotDraft(Conflict):
    code = "process_definition_not_draft"
    detail = Text(
        "Chỉ sửa hoặc áp dụng được bản nháp; quy trình này đang ở trạng thái {status}.",
        "Only a draft can be edited or activated; this definition is {status}.",
    )


class DefinitionNotActive(Conflict):
    code = "process_definition_not_active"
    detail = Text("Quy trình này không đang được áp dụng.", "This definition is not in force.")
