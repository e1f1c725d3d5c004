"""R-PAY-4: fees paid are refunded when the agency could not perform the service; not when the result
was produced and simply not collected. Money never owed always goes back."""

from __future__ import annotations

from payments.refunds.models import RefundCause, RefundStatus
from payments.refunds.rules import automatic_cause, initial_status, is_full, refund_allowed, retry_delay


def test_r_pay_4_a_refusal_after_appraisal_or_a_stop_refunds_by_itself() -> None:
    assert automatic_cause(event="refused", at_desk=False) is RefundCause.SERVICE_NOT_PERFORMED
    assert automatic_cause(event="stopped") is RefundCause.SERVICE_NOT_PERFORMED


def test_r_pay_4_a_refusal_at_the_desk_or_a_withdrawal_does_not() -> None:
    assert automatic_cause(event="refused", at_desk=True) is None
    assert automatic_cause(event="withdrawn") is None


def test_r_pay_4_no_refund_once_the_result_was_produced_but_not_collected() -> None:
    assert refund_allowed(RefundCause.SERVICE_NOT_PERFORMED, result_produced=False)
    assert not refund_allowed(RefundCause.SERVICE_NOT_PERFORMED, result_produced=True)


def test_money_never_owed_goes_back_whatever_happened_to_the_dossier() -> None:
    for cause in (RefundCause.DUPLICATE_PAYMENT, RefundCause.NOT_OWED, RefundCause.OVERPAYMENT):
        assert refund_allowed(cause, result_produced=True)


def test_online_payments_go_back_through_the_gateway_transfers_and_cash_by_an_officer() -> None:
    assert initial_status("vnpay") is RefundStatus.PENDING
    assert initial_status("bank_transfer") is RefundStatus.AWAITING_PAYOUT
    assert initial_status("desk") is RefundStatus.AWAITING_PAYOUT


def test_retries_double_up_to_a_cap_and_a_refund_of_everything_is_full() -> None:
    assert [retry_delay(n, base=60) for n in (1, 2, 3)] == [60.0, 120.0, 240.0]
    assert retry_delay(30, base=60) == 3600.0
    assert is_full(amount=100_000, transaction_amount=100_000)
    assert not is_full(amount=40_000, transaction_amount=100_000)
