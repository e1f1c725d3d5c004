"""RFC 9457 problem documents for every error, in Vietnamese or English (DESIGN §4 errors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.i18n import Text, current_language
from servicekit.requestctx import request_id_var

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("servicekit.errors")


def problem_type(code: str) -> str:
    """Stable URI identifying a problem kind (documented in docs/api-guide.md)."""
    return f"urn:motcua:problem:{code}"


class FieldError(dict[str, Any]):
    """One entry of ``errors[]``: ``{"field": "a.b", "code": ..., "message": ...}``."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(field=field, code=code, message=message)


class ServiceError(Exception):
    """Base of every domain error; the status and stable code travel with the class."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[Text] = Text("Yêu cầu không hợp lệ", "Bad request")
    detail: ClassVar[Text | None] = None

    def __init__(
        self,
        detail: Text | None = None,
        *,
        errors: Sequence[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
        **params: Any,
    ) -> None:
        self.detail_text = detail or type(self).detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        self.params = params
        super().__init__(self.render_detail("en") or type(self).code)

    def render_detail(self, lang: str | None = None) -> str | None:
        if self.detail_text is None:
            return None
        return self.detail_text.render("en" if lang == "en" else ("vi" if lang else None), **self.params)


class NotFound(ServiceError):
    status = 404
    code = "not_found"
    title = Text("Không tìm thấy", "Not found")


class Conflict(ServiceError):
    status = 409
    code = "conflict"
    title = Text("Xung đột dữ liệu", "Conflict")


class Unauthenticated(ServiceError):
    status = 401
    code = "unauthenticated"
    title = Text("Chưa xác thực", "Authentication required")
    detail = Text("Cần đăng nhập để thực hiện thao tác này.", "You must sign in to do this.")

    def __init__(self, detail: Text | None = None, **kwargs: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="motcua"'}, **kwargs)


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"
    title = Text("Không có quyền", "Forbidden")
    detail = Text("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")


class PreconditionFailed(ServiceError):
    status = 412
    code = "precondition_failed"
    title = Text("Dữ liệu đã thay đổi", "Precondition failed")
    detail = Text(
        "Tài nguyên đã được thay đổi bởi người khác; hãy tải lại rồi thử lại.",
        "The resource changed since you read it; reload and try again.",
    )


class PreconditionRequired(ServiceError):
    status = 428
    code = "precondition_required"
    title = Text("Thiếu điều kiện If-Match", "Precondition required")
    detail = Text(
        "Cần gửi tiêu đề If-Match với ETag hiện tại.", "Send an If-Match header with the current ETag."
    )


class PayloadTooLarge(ServiceError):
    status = 413
    code = "payload_too_large"
    title = Text("Dữ liệu gửi lên quá lớn", "Payload too large")


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"
    title = Text("Quá nhiều yêu cầu", "Too many requests")
    detail = Text("Bạn đã gửi quá nhiều yêu cầu; hãy thử lại sau.", "Too many requests; try again later.")


class ServiceUnavailable(ServiceError):
    status = 503
    code = "service_unavailable"
    title = Text("Dịch vụ tạm thời không sẵn sàng", "Service unavailable")


_HTTP_TITLES: dict[int, tuple[str, Text]] = {
    400: ("bad_request", Text("Yêu cầu không hợp lệ", "Bad request")),
    401: ("unauthenticated", Text("Chưa xác thực", "Authentication required")),
    403: ("forbidden", Text("Không có quyền", "Forbidden")),
    404: ("not_found", Text("Không tìm thấy", "Not found")),
    405: ("method_not_allowed", Text("Phương thức không được hỗ trợ", "Method not allowed")),
    406: ("not_acceptable", Text("Không thể đáp ứng định dạng yêu cầu", "Not acceptable")),
    413: ("payload_too_large", Text("Dữ liệu gửi lên quá lớn", "Payload too large")),
    415: ("unsupported_media_type", Text("Định dạng dữ liệu không được hỗ trợ", "Unsupported media type")),
    429: ("rate_limited", Text("Quá nhiều yêu cầu", "Too many requests")),
    500: ("internal_error", Text("Lỗi hệ thống", "Internal server error")),
    502: ("bad_gateway", Text("Dịch vụ phía sau không phản hồi", "Bad gateway")),
    503: ("service_unavailable", Text("Dịch vụ tạm thời không sẵn sàng", "Service unavailable")),
    504: ("gateway_timeout", Text("Dịch vụ phía sau phản hồi quá chậm", "Gateway timeout")),
}

# Pydantic error types → messages users understand; anything else falls back to a generic text.
_FIELD_MESSAGES: dict[str, Text] = {
    "missing": Text("Trường này là bắt buộc.", "This field is required."),
    "extra_forbidden": Text("Trường này không được phép.", "This field is not allowed."),
    "string_type": Text("Phải là một chuỗi ký tự.", "Must be a string."),
    "int_type": Text("Phải là một số nguyên.", "Must be an integer."),
    "int_parsing": Text("Phải là một số nguyên.", "Must be an integer."),
    "float_parsing": Text("Phải là một số.", "Must be a number."),
    "bool_parsing": Text("Phải là true hoặc false.", "Must be true or false."),
    "bool_type": Text("Phải là true hoặc false.", "Must be true or false."),
    "string_too_short": Text(
        "Quá ngắn (tối thiểu {min_length} ký tự).", "Too short (at least {min_length})."
    ),
    "string_too_long": Text("Quá dài (tối đa {max_length} ký tự).", "Too long (at most {max_length})."),
    "string_pattern_mismatch": Text("Không đúng định dạng.", "Has the wrong format."),
    "greater_than": Text("Phải lớn hơn {gt}.", "Must be greater than {gt}."),
    "greater_than_equal": Text("Phải lớn hơn hoặc bằng {ge}.", "Must be at least {ge}."),
    "less_than_equal": Text("Phải nhỏ hơn hoặc bằng {le}.", "Must be at most {le}."),
    "less_than": Text("Phải nhỏ hơn {lt}.", "Must be less than {lt}."),
    "uuid_parsing": Text("Phải là một UUID hợp lệ.", "Must be a valid UUID."),
    "date_from_datetime_parsing": Text("Phải là ngày dạng YYYY-MM-DD.", "Must be a date (YYYY-MM-DD)."),
    "date_parsing": Text("Phải là ngày dạng YYYY-MM-DD.", "Must be a date (YYYY-MM-DD)."),
    "datetime_parsing": Text("Phải là thời điểm theo RFC 3339.", "Must be an RFC 3339 timestamp."),
    "enum": Text("Phải là một trong: {expected}.", "Must be one of: {expected}."),
    "literal_error": Text("Phải là một trong: {expected}.", "Must be one of: {expected}."),
    "list_type": Text("Phải là một danh sách.", "Must be a list."),
    "dict_type": Text("Phải là một đối tượng.", "Must be an object."),
    "model_attributes_type": Text("Phải là một đối tượng.", "Must be an object."),
    "json_invalid": Text("Nội dung không phải JSON hợp lệ.", "The body is not valid JSON."),
    "value_error": Text("Giá trị không hợp lệ: {reason}", "Invalid value: {reason}"),
}
_GENERIC_FIELD = Text("Giá trị không hợp lệ.", "Invalid value.")


def field_errors_from_validation(raw: Sequence[Any]) -> list[FieldError]:
    """Translate pydantic/FastAPI validation errors into ``errors[]`` entries."""
    out: list[FieldError] = []
    for err in raw:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        kind = str(err.get("type", "value_error"))
        ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        text = _FIELD_MESSAGES.get(kind, _GENERIC_FIELD)
        if kind == "value_error":
            ctx.setdefault("reason", str(err.get("msg", "")).removeprefix("Value error, "))
        try:
            message = text.render(None, **ctx)
        except (KeyError, IndexError):
            message = _GENERIC_FIELD.render()
        field = "body" if kind == "json_invalid" else ".".join(loc) or "body"
        out.append(FieldError(field, kind, message))
    return out


def problem_body(
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None,
    instance: str | None,
    errors: Sequence[Mapping[str, Any]] = (),
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A problem document; ``extensions`` are extra members (RFC 9457 §3.2), never replacing standard ones."""
    body: dict[str, Any] = {"type": problem_type(code), "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = list(errors)
    rid = request_id_var.get()
    if rid:
        body["request_id"] = rid
    for name, value in (extensions or {}).items():
        body.setdefault(name, value)
    return body


def problem_response(
    status: int,
    code: str,
    title: Text,
    detail: str | None = None,
    *,
    instance: str | None = None,
    errors: Sequence[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """Render one problem document in the request's language."""
    lang = current_language.get()
    body = problem_body(
        status=status,
        code=code,
        title=title.render(lang),
        detail=detail,
        instance=instance,
        errors=errors,
        extensions=extensions,
    )
    hdrs = {"Content-Language": lang, **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=hdrs)


def http_problem(status: int, detail: str | None = None, *, instance: str | None = None) -> JSONResponse:
    code, title = _HTTP_TITLES.get(status, ("error", Text("Lỗi", "Error")))
    return problem_response(status, code, title, detail, instance=instance)


async def _service_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return problem_response(
        exc.status,
        exc.code,
        exc.title,
        exc.render_detail(current_language.get()),
        instance=request.url.path,
        errors=exc.errors,
        headers=exc.headers,
    )


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = field_errors_from_validation(exc.errors())
    if any(e["code"] == "json_invalid" for e in errors):
        return problem_response(
            400,
            "invalid_json",
            Text("Nội dung không phải JSON hợp lệ", "Malformed JSON"),
            Text(
                "Không đọc được nội dung JSON của yêu cầu.", "The request body could not be parsed as JSON."
            ).render(),
            instance=request.url.path,
            errors=errors,
        )
    return problem_response(
        422,
        "validation_failed",
        Text("Dữ liệu không hợp lệ", "Validation failed"),
        Text("Một số trường chưa đúng; xem danh sách lỗi.", "Some fields are invalid; see errors.").render(),
        instance=request.url.path,
        errors=errors,
    )


async def _http_exception_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = http_problem(exc.status_code, None, instance=request.url.path)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled_exception", path=request.url.path, exc_info=exc)
    return http_problem(
        500,
        Text(
            "Đã có lỗi hệ thống; vui lòng thử lại sau. Mã yêu cầu giúp bộ phận hỗ trợ tra cứu.",
            "Something went wrong on our side; please try again later. Quote the request id to support.",
        ).render(),
        instance=request.url.path,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Make every error a problem document: domain errors, validation, HTTP errors and crashes."""
    app.add_exception_handler(ServiceError, _service_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_exception_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
