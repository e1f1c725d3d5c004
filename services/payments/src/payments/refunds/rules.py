"""Pure rules of refunds (R-PAY-4)."""

from __future__ import annotations

from payments.orders.models import Provider
from payments.refunds.models import RefundCause, RefundStatus
from servicekit.i18n import Text

#: Money never owed goes back whatever happened to the dossier.
SURPLUS_CAUSES = frozenset({RefundCause.DUPLICATE_PAYMENT, RefundCause.NOT_OWED})

REASONS: dict[RefundCause, Text] = {
    RefundCause.SERVICE_NOT_PERFORMED: Text(
        "Cơ quan không thực hiện được dịch vụ", "The agency could not perform the service"
    ),
    RefundCause.DUPLICATE_PAYMENT: Text("Hoàn trả khoản nộp trùng", "Refund of a duplicate payment"),
    RefundCause.OVERPAYMENT: Text("Hoàn trả khoản nộp thừa", "Refund of an overpayment"),
    RefundCause.NOT_OWED: Text(
        "Hoàn trả khoản nộp sau khi yêu cầu thanh toán đã kết thúc",
        "Refund of money paid after the payment was closed",
    ),
}


def refund_allowed(cause: RefundCause, *, result_produced: bool) -> bool:
    """R-PAY-4: fees go back when the agency could not perform the service, not when the result was
    produced and simply not collected. Money that was never owed always goes back."""
    if cause in SURPLUS_CAUSES or cause is RefundCause.OVERPAYMENT:
        return True
    return not result_produced


def automatic_cause(*, event: str, at_desk: bool | None = None) -> RefundCause | None:
    """Which dossier events refund by themselves: refused after appraisal, or stopped (R-PAY-4)."""
    if event == "refused" and at_desk is False:
        return RefundCause.SERVICE_NOT_PERFORMED
    if event == "stopped":
        return RefundCause.SERVICE_NOT_PERFORMED
    return None


def initial_status(provider: str) -> RefundStatus:
    """Through the gateway the money came by; a transfer or cash goes back by the agency's hand."""
    return RefundStatus.PENDING if provider == Provider.VNPAY.value else RefundStatus.AWAITING_PAYOUT


def retry_delay(attempt: int, *, base: float, cap: float = 3600.0) -> float:
    return float(min(cap, base * 2.0 ** max(0, attempt - 1)))


def is_full(*, amount: int, transaction_amount: int) -> bool:
    return amount == transaction_amount
