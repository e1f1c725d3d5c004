"""Pure rules of payment orders: transitions, failure codes and their reasons, payment references."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterator

from payments.orders.models import OrderStatus
from servicekit.i18n import Text

# --- transitions --------------------------------------------------------------------------------

#: States from which the applicant may (still) pay.
PAYABLE = frozenset({OrderStatus.CREATED, OrderStatus.PENDING, OrderStatus.FAILED})
#: States in which money was received and may be given back.
REFUNDABLE = frozenset({OrderStatus.SUCCEEDED, OrderStatus.PARTIALLY_REFUNDED})


def is_payable(status: str) -> bool:
    return OrderStatus(status) in PAYABLE


def status_after_failed_try(*, other_tries_pending: bool) -> OrderStatus:
    """A failed try leaves the order pending while another try may still succeed, else failed."""
    return OrderStatus.PENDING if other_tries_pending else OrderStatus.FAILED


def status_after_refund(*, paid: int, refunded: int) -> OrderStatus:
    if refunded <= 0:
        return OrderStatus.SUCCEEDED
    return OrderStatus.REFUNDED if refunded >= paid else OrderStatus.PARTIALLY_REFUNDED


# --- failure codes ------------------------------------------------------------------------------

#: VNPay's vnp_ResponseCode → our stable failure code (R-FMT-6).
VNPAY_FAILURES: dict[str, str] = {
    "07": "suspected_fraud",
    "09": "not_enrolled",
    "10": "authentication_failed",
    "11": "timeout",
    "12": "card_locked",
    "13": "authentication_failed",
    "24": "customer_cancelled",
    "51": "insufficient_funds",
    "65": "limit_exceeded",
    "75": "bank_maintenance",
    "79": "authentication_failed",
}

FAILURE_REASONS: dict[str, Text] = {
    "customer_cancelled": Text("Người nộp đã hủy giao dịch", "The payer cancelled"),
    "insufficient_funds": Text("Tài khoản không đủ số dư", "Insufficient funds"),
    "timeout": Text("Hết thời gian chờ thanh toán", "The payment window expired"),
    "authentication_failed": Text(
        "Xác thực thẻ/tài khoản không thành công", "Card/account authentication failed"
    ),
    "not_enrolled": Text(
        "Thẻ/tài khoản chưa đăng ký thanh toán trực tuyến", "Not enrolled in online payment"
    ),
    "card_locked": Text("Thẻ/tài khoản bị khóa", "Card/account locked"),
    "limit_exceeded": Text("Vượt hạn mức giao dịch trong ngày", "Daily limit exceeded"),
    "bank_maintenance": Text("Ngân hàng đang bảo trì", "The bank is under maintenance"),
    "suspected_fraud": Text("Giao dịch bị nghi ngờ gian lận", "Suspected fraud"),
    "gateway_error": Text("Lỗi tại cổng thanh toán", "Payment gateway error"),
    "amount_mismatch": Text(
        "Số tiền cổng thanh toán báo không khớp với số tiền phải nộp",
        "The amount the gateway reported does not match the amount due",
    ),
    "attempt_expired": Text("Phiên thanh toán đã hết hạn", "The payment session expired"),
    "expired": Text("Quá hạn nộp phí, lệ phí", "The payment deadline passed"),
    "cancelled_by_officer": Text("Cán bộ đã hủy yêu cầu thanh toán", "An officer cancelled the order"),
    "dossier_withdrawn": Text("Hồ sơ đã được rút", "The dossier was withdrawn"),
    "dossier_refused": Text("Hồ sơ bị từ chối", "The dossier was refused"),
    "dossier_stopped": Text("Hồ sơ bị dừng xử lý", "Processing of the dossier was stopped"),
}


def vnpay_failure_code(response_code: str) -> str:
    return VNPAY_FAILURES.get(response_code, "gateway_error")


def failure_reason(code: str, lang: str | None = "vi") -> str:
    text = FAILURE_REASONS.get(code, FAILURE_REASONS["gateway_error"])
    return text.render("en" if lang == "en" else "vi")


# --- payment references (bank transfers, R-PAY-3) -------------------------------------------------

#: Crockford's base 32: no I, L, O, U, so what a payer types is unambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MC"
BODY_LENGTH = 8
REFERENCE_LENGTH = len(PREFIX) + BODY_LENGTH + 1
_CANDIDATE = re.compile(rf"{PREFIX}[{ALPHABET}]{{{BODY_LENGTH + 1}}}")


def _check_char(body: str) -> str:
    """Luhn mod 32 check character: catches any single mistyped character and most swaps."""
    factor, total, n = 2, 0, len(ALPHABET)
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def new_reference() -> str:
    """A fresh reference such as ``MC7K2QX9PA3``: prefix, 8 random characters, a check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return f"{PREFIX}{body}{_check_char(body)}"


def is_valid_reference(value: str) -> bool:
    if len(value) != REFERENCE_LENGTH or not value.startswith(PREFIX):
        return False
    body, check = value[len(PREFIX) : -1], value[-1]
    return all(c in ALPHABET for c in body) and _check_char(body) == check


def fold(text: str) -> str:
    """Upper-case ASCII letters and digits only: how banks mangle a transfer's description."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed.upper() if c.isascii() and c.isalnum())


def references_in(description: str) -> Iterator[str]:
    """Every valid payment reference in a bank transfer's description, however it was spaced."""
    folded = fold(description)
    for start in range(len(folded) - REFERENCE_LENGTH + 1):
        candidate = folded[start : start + REFERENCE_LENGTH]
        if _CANDIDATE.fullmatch(candidate) and is_valid_reference(candidate):
            yield candidate


# --- VNPay order information ----------------------------------------------------------------------


def order_info(dossier_code: str | None, reference: str) -> str:
    """vnp_OrderInfo: Vietnamese without diacritics and without characters encoders disagree on."""
    text = f"Nop phi le phi ho so {dossier_code or reference} ma {reference}"
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " .-"))
    return kept[:255]
