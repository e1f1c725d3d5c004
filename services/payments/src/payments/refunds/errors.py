"""Errors of refunds (R-PAY-4)."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from servicekit.i18n import Text


class RefundNotFound(NotFound):
    code = "refund_not_found"
    detail = Text("Không có yêu cầu hoàn tiền này.", "There is no such refund.")


class NotRefundable(Conflict):
    code = "payment_not_refundable"
    detail = Text(
        "Yêu cầu thanh toán đang ở trạng thái {status}: không có khoản đã nộp để hoàn.",
        "The payment is {status}: nothing paid can be refunded.",
    )


class RefundExceedsAvailable(ServiceError):
    status = 422
    code = "refund_exceeds_available"
    title = Text("Số tiền hoàn vượt quá số tiền còn được hoàn", "Refund above what is available")
    detail = Text(
        "Chỉ còn {available} đồng có thể hoàn; không hoàn được {amount} đồng.",
        "Only {available} VND can still be refunded, not {amount} VND.",
    )


class RefundAvailableChanged(PreconditionFailed):
    code = "refund_amount_available_mismatch"
    detail = Text(
        "Số tiền còn được hoàn hiện là {available} đồng, khác với số bạn gửi; hãy tải lại rồi thử lại.",
        "The amount available to refund is now {available} VND, not what you sent; reload and retry.",
    )


class ResultProduced(Conflict):
    code = "refund_not_allowed_result_produced"
    detail = Text(
        "Kết quả giải quyết đã có; không hoàn phí, lệ phí khi người nộp chưa nhận kết quả (R-PAY-4).",
        "The result was produced; fees are not refunded because it was not collected (R-PAY-4).",
    )


class NotAwaitingPayout(Conflict):
    code = "refund_not_awaiting_payout"
    detail = Text(
        "Khoản hoàn này đang ở trạng thái {status}, không chờ cán bộ chi trả.",
        "This refund is {status}; it is not waiting for an officer to pay it out.",
    )
