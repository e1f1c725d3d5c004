"""The problem documents the gateway itself answers with (RFC 9457, Vietnamese unless English is asked)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import structlog
from starlette.responses import Response

from gateway.metrics import REJECTED
from servicekit.auth import INVALID_TOKEN
from servicekit.calendar import VN_TZ
from servicekit.errors import problem_response
from servicekit.i18n import Text, current_language

NOT_FOUND = Text("Không tìm thấy", "Not found")
BAD_REQUEST = Text("Yêu cầu không hợp lệ", "Bad request")
UNAUTHENTICATED = Text("Chưa xác thực", "Authentication required")
PAYLOAD_TOO_LARGE = Text("Dữ liệu gửi lên quá lớn", "Payload too large")
RATE_LIMITED = Text("Quá nhiều yêu cầu", "Too many requests")
BAD_GATEWAY = Text("Dịch vụ phía sau không phản hồi", "Bad gateway")
SERVICE_UNAVAILABLE = Text("Dịch vụ tạm thời không sẵn sàng", "Service unavailable")
GATEWAY_TIMEOUT = Text("Dịch vụ phía sau phản hồi quá chậm", "Gateway timeout")
UNDER_MAINTENANCE = Text("Hệ thống đang bảo trì", "Under maintenance")
log = structlog.get_logger("gateway.access")
_WWW_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="motcua"'}


def _problem(
    status: int,
    code: str,
    title: Text,
    detail: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    REJECTED.labels(code).inc()
    log.info("gateway_answered", status=status, code=code, path=path)
    return problem_response(
        status, code, title, detail, instance=path, headers=headers, extensions=extensions
    )


def not_found(path: str) -> Response:
    detail = Text("Không có API nào tại đường dẫn này.", "There is no API at this path.").render()
    return _problem(404, "not_found", NOT_FOUND, detail, path)


def bad_path(path: str) -> Response:
    detail = Text(
        "Đường dẫn không được chứa đoạn '.' hoặc '..'.", "The path must not contain '.' or '..' segments."
    ).render()
    return _problem(400, "bad_request", BAD_REQUEST, detail, path)


def token_required(path: str) -> Response:
    detail = Text("Cần đăng nhập để thực hiện thao tác này.", "You must sign in to do this.").render()
    return _problem(401, "unauthenticated", UNAUTHENTICATED, detail, path, _WWW_AUTHENTICATE)


def token_invalid(path: str) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="motcua", error="invalid_token"'}
    return _problem(401, "unauthenticated", UNAUTHENTICATED, INVALID_TOKEN.render(), path, headers)


def auth_unavailable(path: str) -> Response:
    detail = Text(
        "Tạm thời không kiểm tra được mã truy cập; vui lòng thử lại sau ít phút.",
        "Access tokens cannot be checked right now; please try again in a few minutes.",
    ).render()
    return _problem(503, "service_unavailable", SERVICE_UNAVAILABLE, detail, path, {"Retry-After": "5"})


def payload_too_large(path: str, limit: int) -> Response:
    detail = Text(
        "Dữ liệu gửi lên vượt quá giới hạn {mib} MiB cho đường dẫn này.",
        "The request body exceeds the {mib} MiB limit for this path.",
    ).render(mib=_mib(limit))
    return _problem(413, "payload_too_large", PAYLOAD_TOO_LARGE, detail, path, {"Connection": "close"})


def rate_limited(path: str, retry_after: int, headers: Mapping[str, str]) -> Response:
    detail = Text(
        "Bạn đã gửi quá nhiều yêu cầu; hãy thử lại sau {seconds} giây.",
        "Too many requests; try again in {seconds} seconds.",
    ).render(seconds=retry_after)
    return _problem(429, "rate_limited", RATE_LIMITED, detail, path, headers)


def bad_gateway(path: str, service: str) -> Response:
    detail = Text(
        "Dịch vụ {service} hiện không phản hồi; vui lòng thử lại sau.",
        "The {service} service is not responding; please try again later.",
    ).render(service=service)
    return _problem(502, "bad_gateway", BAD_GATEWAY, detail, path)


def gateway_timeout(path: str, service: str) -> Response:
    detail = Text(
        "Dịch vụ {service} không trả lời kịp thời; vui lòng thử lại sau.",
        "The {service} service did not answer in time; please try again later.",
    ).render(service=service)
    return _problem(504, "gateway_timeout", GATEWAY_TIMEOUT, detail, path)


def under_maintenance(
    path: str,
    *,
    retry_after: int,
    expected_end_at: datetime,
    message_vi: str,
    message_en: str | None,
) -> Response:
    """R-OPS-1: the portal is in a maintenance window; back at ``expected_end_at``."""
    english = current_language.get() == "en"
    detail = Text(
        "Cổng Dịch vụ công đang bảo trì, dự kiến hoạt động trở lại lúc {until}. {message}",
        "The Public Service Portal is under maintenance, expected back at {until} (Vietnam time). {message}",
    ).render(
        until=expected_end_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y"),
        message=message_en if english and message_en else message_vi,
    )
    return _problem(
        503,
        "under_maintenance",
        UNDER_MAINTENANCE,
        detail,
        path,
        {"Retry-After": str(retry_after)},
        {"expected_end_at": expected_end_at.isoformat().replace("+00:00", "Z"), "retry_after": retry_after},
    )


def _mib(limit: int) -> str:
    value = limit / (1024 * 1024)
    return f"{value:g}" if value >= 1 else f"{value:.2f}"
