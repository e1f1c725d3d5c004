"""Errors of one-time codes: one generic answer for every wrong, expired, used or exhausted code."""

from __future__ import annotations

from servicekit.errors import RateLimited, ServiceError, ServiceUnavailable
from servicekit.i18n import Text


class OtpInvalid(ServiceError):
    status = 400
    code = "otp_invalid"
    title = Text("Mã xác thực không đúng", "Invalid code")
    detail = Text(
        "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. Hãy kiểm tra lại hoặc yêu cầu mã mới.",
        "The code is wrong, expired or already used. Check it or ask for a new one.",
    )


class OtpSendLimited(RateLimited):
    code = "otp_send_limited"
    title = Text("Đã gửi quá nhiều mã", "Too many codes sent")
    detail = Text(
        "Đã gửi quá nhiều mã xác thực; hãy thử lại sau ít phút.",
        "Too many codes were sent; try again in a few minutes.",
    )


class OtpResendTooSoon(RateLimited):
    code = "otp_resend_too_soon"
    title = Text("Chưa thể gửi lại mã", "Too soon to resend")
    detail = Text(
        "Mã vừa được gửi; hãy đợi {seconds} giây rồi yêu cầu gửi lại.",
        "A code was just sent; wait {seconds} seconds before asking again.",
    )


class OtpDeliveryUnavailable(ServiceUnavailable):
    code = "otp_delivery_unavailable"
    detail = Text(
        "Chưa gửi được mã xác thực; vui lòng thử lại sau ít phút.",
        "The code could not be sent; please try again in a few minutes.",
    )
