"""Errors of the SMS provider's callbacks."""

from __future__ import annotations

from servicekit.errors import ServiceError, ServiceUnavailable, Unauthenticated
from servicekit.i18n import Text


class CallbackUnauthenticated(Unauthenticated):
    code = "callback_unauthenticated"
    detail = Text(
        "Lời gọi lại không có mã xác thực hoặc chữ ký hợp lệ.",
        "The callback carries no valid token or signature.",
    )


class ReportTooEarly(ServiceUnavailable):
    code = "delivery_report_too_early"
    detail = Text(
        "Tin nhắn vẫn đang được ghi nhận; hãy gửi lại báo cáo sau giây lát.",
        "The message is still being recorded; send the report again in a moment.",
    )

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "1"})


class SmsNotConfigured(ServiceError):
    status = 503
    code = "sms_not_configured"
    title = Text("Kênh SMS chưa được cấu hình", "SMS is not configured")
    detail = Text(
        "Triển khai này chưa cấu hình nhà cung cấp SMS.", "This deployment has no SMS provider configured."
    )
