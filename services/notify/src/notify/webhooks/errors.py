"""Errors of webhook subscriptions."""

from __future__ import annotations

from servicekit.errors import FieldError, NotFound, ServiceError
from servicekit.i18n import Text


class WebhookNotFound(NotFound):
    code = "webhook_not_found"
    title = Text("Không tìm thấy đăng ký webhook", "Webhook subscription not found")
    detail = Text(
        "Không có đăng ký webhook {subscription_id} trong phạm vi bạn được xem.",
        "No webhook subscription {subscription_id} visible to you.",
    )


class WebhookInvalid(ServiceError):
    status = 422
    code = "webhook_invalid"
    title = Text("Đăng ký webhook không hợp lệ", "Invalid webhook subscription")
    detail = Text("Đăng ký chưa đúng; xem danh sách lỗi.", "The subscription is not valid; see errors.")


MESSAGES = {
    "url_invalid": Text(
        "Địa chỉ nhận phải là URL http(s) có tên máy, không chứa tài khoản hay phần #.",
        "The target must be an http(s) URL with a host, without credentials or fragment.",
    ),
    "url_too_long": Text("Địa chỉ nhận quá dài.", "The target URL is too long."),
    "https_required": Text(
        "Môi trường vận hành chỉ chấp nhận địa chỉ https.", "Only https targets are allowed in production."
    ),
    "url_internal": Text(
        "Không được gửi tới địa chỉ nội bộ (localhost, mạng riêng).",
        "Targets on loopback or private networks are not allowed.",
    ),
    "unknown_event_type": Text(
        "Loại sự kiện không được hỗ trợ: {names}. Xem GET /v1/webhooks/event-types.",
        "Unsupported event types: {names}. See GET /v1/webhooks/event-types.",
    ),
    "agency_required": Text(
        "Tài khoản không gắn với cơ quan nào: hãy nêu agency_codes.",
        "The caller serves no agency: name agency_codes.",
    ),
    "agency_not_served": Text(
        "Chỉ được đăng ký sự kiện của cơ quan mình phục vụ.",
        "Only agencies the caller serves may be subscribed to.",
    ),
}


def field_error(field: str, kind: str, **params: object) -> FieldError:
    return FieldError(field, kind, MESSAGES[kind].render(None, **params))
