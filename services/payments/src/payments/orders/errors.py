"""Errors of payment orders (RFC 9457 problems, Vietnamese by default)."""

from __future__ import annotations

from servicekit.errors import Conflict, NotFound, ServiceError
from servicekit.i18n import Text


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    detail = Text("Không có yêu cầu thanh toán này.", "There is no such payment.")


class DossierUnknown(NotFound):
    code = "dossier_not_found"
    detail = Text(
        "Không có hồ sơ này, hoặc hồ sơ chưa được tiếp nhận.",
        "There is no such dossier, or it is not received yet.",
    )


class PaymentAlreadyOpen(Conflict):
    code = "payment_already_open"
    detail = Text(
        "Hồ sơ đã có yêu cầu thanh toán đang chờ nộp ({payment_id}).",
        "The dossier already has a payment waiting to be paid ({payment_id}).",
    )


class DossierClosed(Conflict):
    code = "dossier_closed"
    detail = Text(
        "Hồ sơ đã kết thúc ({status}); không thu phí, lệ phí nữa.",
        "The dossier has ended ({status}); no fees are collected any more.",
    )


class NotPayable(Conflict):
    code = "payment_not_payable"
    detail = Text(
        "Yêu cầu thanh toán đang ở trạng thái {status}, không thể nộp tiền.",
        "The payment is {status}; it cannot be paid.",
    )


class NothingToPay(Conflict):
    code = "nothing_to_pay"
    detail = Text(
        "Các khoản miễn, giảm đã bao gồm toàn bộ phí, lệ phí: không cần thanh toán.",
        "Exemptions cover every fee: there is nothing to pay.",
    )


class WrongCashAmount(ServiceError):
    status = 422
    code = "cash_amount_mismatch"
    title = Text("Số tiền không khớp", "Amount does not match")
    detail = Text(
        "Số tiền thu ({received} đồng) phải bằng số tiền phải nộp ({due} đồng).",
        "The cash received ({received} VND) must equal the amount due ({due} VND).",
    )


class NotYourAgency(NotFound):
    """An official of another agency: as if it did not exist (404, not 403)."""

    code = "payment_not_found"
    detail = PaymentNotFound.detail


class GatewayDown(ServiceError):
    status = 503
    code = "payment_gateway_unavailable"
    title = Text("Cổng thanh toán tạm thời không sẵn sàng", "Payment gateway unavailable")
    detail = Text(
        "Cổng thanh toán chưa phản hồi; vui lòng thử lại sau.", "The gateway did not answer; try later."
    )
