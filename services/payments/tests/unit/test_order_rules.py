"""Pure rules of payment orders: references a payer types (R-PAY-3), failure codes (R-FMT-6), states."""

from __future__ import annotations

import pytest

from payments.orders.models import OrderStatus
from payments.orders.rules import (
    failure_reason,
    fold,
    is_payable,
    is_valid_reference,
    new_reference,
    order_info,
    references_in,
    status_after_failed_try,
    status_after_refund,
    vnpay_failure_code,
)


def test_r_pay_3_a_payment_reference_is_short_unambiguous_and_self_checking() -> None:
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert len(reference) == 11 and reference.startswith("MC")
        assert is_valid_reference(reference)
        assert not set(reference[2:]) & set("ILOU")  # Crockford: nothing to confuse with 1 or 0


@pytest.mark.parametrize("seed", range(20))
def test_r_pay_3_a_mistyped_or_swapped_character_is_caught_by_the_check_character(seed: int) -> None:
    reference = new_reference()
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for position in range(2, 10):
        for char in alphabet:
            if char != reference[position]:
                typo = reference[:position] + char + reference[position + 1 :]
                assert not is_valid_reference(typo)
    body = reference[2:10]
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            # Luhn mod N sees every adjacent swap but that of the first and last characters (0 and Z).
            if {body[i], body[i + 1]} != {"0", "Z"}:
                assert not is_valid_reference("MC" + swapped + reference[-1])


def test_r_pay_3_references_are_found_however_banks_mangle_the_description() -> None:
    reference = new_reference()
    spaced = f"{reference[:2]} {reference[2:6]}-{reference[6:]}"
    for description in (
        f"{reference} Nguyen Van An nop phi LLTP",
        f"nop phi {reference.lower()}",
        f"CT DEN:0123 {spaced} NGUYEN VAN AN",
        f"Nguyễn Văn An chuyển tiền mã{reference}hồ sơ",
    ):
        assert reference in list(references_in(description)), description
    assert list(references_in("Nguyen Van An chuyen tien hoc phi")) == []
    assert list(references_in("MC00000000X")) == []  # the right shape, a wrong check character


def test_fold_keeps_ascii_letters_and_digits_in_upper_case() -> None:
    assert fold("Đỗ Thị Hằng - 100.000đ") == "DOTHIHANG100000D"


def test_r_fmt_6_vnpay_answers_map_to_stable_failure_codes_with_reasons() -> None:
    assert vnpay_failure_code("24") == "customer_cancelled"
    assert vnpay_failure_code("51") == "insufficient_funds"
    assert vnpay_failure_code("11") == "timeout"
    assert vnpay_failure_code("13") == vnpay_failure_code("79") == "authentication_failed"
    assert vnpay_failure_code("42") == "gateway_error"
    assert failure_reason("customer_cancelled") == "Người nộp đã hủy giao dịch"
    assert failure_reason("customer_cancelled", "en") == "The payer cancelled"
    assert failure_reason("no-such-code") == failure_reason("gateway_error")


def test_order_info_is_plain_ascii_without_characters_encoders_disagree_on() -> None:
    info = order_info("000.00.11.H49-261123-0001", "MC7K2QX9PA3")
    assert info == "Nop phi le phi ho so 000.00.11.H49-261123-0001 ma MC7K2QX9PA3"
    assert order_info(None, "MC7K2QX9PA3").endswith("MC7K2QX9PA3")
    assert all(c.isalnum() or c in " .-" for c in order_info("Hồ sơ (1)*~", "MC7K2QX9PA3"))


@pytest.mark.parametrize(
    ("status", "payable"),
    [
        ("created", True),
        ("pending", True),
        ("failed", True),
        ("succeeded", False),
        ("expired", False),
        ("cancelled", False),
        ("waived", False),
        ("partially_refunded", False),
        ("refunded", False),
    ],
)
def test_only_open_orders_can_be_paid(status: str, payable: bool) -> None:
    assert is_payable(status) is payable


def test_a_failed_try_leaves_the_order_pending_while_another_try_is_open() -> None:
    assert status_after_failed_try(other_tries_pending=True) is OrderStatus.PENDING
    assert status_after_failed_try(other_tries_pending=False) is OrderStatus.FAILED


def test_refunds_move_a_paid_order_to_partially_then_fully_refunded() -> None:
    assert status_after_refund(paid=100_000, refunded=0) is OrderStatus.SUCCEEDED
    assert status_after_refund(paid=100_000, refunded=40_000) is OrderStatus.PARTIALLY_REFUNDED
    assert status_after_refund(paid=100_000, refunded=100_000) is OrderStatus.REFUNDED
