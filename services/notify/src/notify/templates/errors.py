"""Errors of templates: unknown codes, invalid sources (refused at save time), failed renders."""

from __future__ import annotations

from servicekit.errors import FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class TemplateCodeUnknown(NotFound):
    code = "template_code_unknown"
    title = Text("Không có loại thông báo này", "Unknown template code")
    detail = Text("Không có loại thông báo {template_code}.", "There is no template code {template_code}.")


class TemplateNotFound(NotFound):
    code = "template_not_found"
    title = Text("Không tìm thấy mẫu thông báo", "Template not found")
    detail = Text(
        "Không có mẫu {template_code} cho kênh và ngôn ngữ đã chọn.",
        "No {template_code} template for this channel and language.",
    )


class TemplateProblem(ServiceError):
    """A template that cannot be saved or rendered as given (all 422)."""

    status = 422


class TemplateInvalid(TemplateProblem):
    code = "template_invalid"
    title = Text("Mẫu thông báo không hợp lệ", "Invalid template")
    detail = Text("Mẫu chưa đúng; xem danh sách lỗi.", "The template is not valid; see errors.")


class TemplateVariableMissing(TemplateProblem):
    code = "template_variable_missing"
    title = Text("Thiếu biến để hiển thị mẫu", "Template variable missing")
    detail = Text("Thiếu giá trị cho biến {variable}.", "No value given for variable {variable}.")


class TemplateRenderFailed(TemplateProblem):
    code = "template_render_failed"
    title = Text("Không hiển thị được mẫu", "Template could not be rendered")
    detail = Text("Không hiển thị được mẫu: {reason}", "The template could not be rendered: {reason}")


MESSAGES = {
    "unknown_variable": Text(
        "Biến không được hỗ trợ cho loại thông báo này: {names}. Biến hợp lệ: {allowed}.",
        "Variables not supplied for this template code: {names}. Allowed: {allowed}.",
    ),
    "syntax_error": Text("Lỗi cú pháp ở dòng {line}: {reason}", "Syntax error at line {line}: {reason}"),
    "sample_render_failed": Text(
        "Không hiển thị được với dữ liệu mẫu: {reason}", "Fails to render with the sample data: {reason}"
    ),
    "subject_required": Text("Kênh này cần tiêu đề.", "This channel needs a subject."),
    "subject_not_allowed": Text("Tin nhắn SMS không có tiêu đề.", "SMS messages have no subject."),
    "html_not_allowed": Text("Chỉ thư điện tử mới có nội dung HTML.", "Only emails have an HTML body."),
}


def field_error(field: str, kind: str, **params: object) -> FieldError:
    return FieldError(field, kind, MESSAGES[kind].render(None, **params))
