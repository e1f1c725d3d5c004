"""Errors of the OTP endpoint."""

from __future__ import annotations

from servicekit.errors import RateLimited, ServiceError
from servicekit.i18n import Text


class OtpRateLimited(RateLimited):
    code = "otp_rate_limited"
    detail = Text(
        "Đã gửi quá nhiều mã tới địa chỉ này; hãy thử lại sau {retry_after} giây.",
        "Too many codes were sent to this address; try again in {retry_after} seconds.",
    )

    def __init__(self, retry_after: int) -> None:
        super().__init__(headers={"Retry-After": str(retry_after)}, retry_after=retry_after)


class OtpAddressInvalid(ServiceError):
    status = 422
    code = "otp_address_invalid"
    title = Text("Địa chỉ nhận mã không hợp lệ", "Invalid address for the code")
    detail = Text("Địa chỉ không dùng được cho kênh {channel}.", "The address cannot be used for {channel}.")


class OtpChannelUnavailable(ServiceError):
    status = 503
    code = "otp_channel_unavailable"
    title = Text("Kênh gửi mã chưa sẵn sàng", "Channel unavailable")
    detail = Text("Triển khai này chưa cấu hình kênh {channel}.", "This deployment has no {channel} channel.")
