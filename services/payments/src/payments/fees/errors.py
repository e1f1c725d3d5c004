"""Errors of fee quotes."""

from __future__ import annotations

from servicekit.errors import ServiceError
from servicekit.i18n import Text


class FeeQuoteUnavailable(ServiceError):
    status = 503
    code = "fee_quote_unavailable"
    title = Text("Chưa tính được phí, lệ phí", "Fees cannot be computed now")
    detail = Text(
        "Không lấy được biểu phí của thủ tục lúc này; vui lòng thử lại sau.",
        "The procedure's fee schedule cannot be read now; try again later.",
    )


class FeeQuoteRefused(ServiceError):
    status = 422
    code = "fee_quote_invalid"
    title = Text("Không tính được phí, lệ phí", "Fees cannot be computed")
    detail = Text(
        "Danh mục thủ tục không chấp nhận yêu cầu tính phí: {reason}",
        "The catalogue refused the fee quote: {reason}",
    )
