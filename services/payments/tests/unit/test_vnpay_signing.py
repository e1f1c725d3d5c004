"""R-FMT-6: our VNPay 2.1.0 checksums match the published rule on fixed inputs. Each expected value is
computed here independently, with ``hmac`` over a canonical string written out by hand."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import urlsplit

from payments.gateways.vnpay import signing
from payments.gateways.vnpay.adapter import VnpayAdapter, VnpayConfig

SECRET = "SECRETKEYFORTESTVECTORS0123456789"


def expected(data: str) -> str:
    return hmac.new(SECRET.encode("utf-8"), data.encode("utf-8"), hashlib.sha512).hexdigest()


PAYMENT = {
    "vnp_Version": "2.1.0",
    "vnp_Command": "pay",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_Amount": "10000000",
    "vnp_CurrCode": "VND",
    "vnp_TxnRef": "0193a4f2c7d87b3e9f1a2b3c4d5e6f70",
    "vnp_OrderInfo": "Nop phi le phi ho so 000.00.11.H49-261123-0001 ma MC7K2QX9PA3",
    "vnp_OrderType": "billpayment",
    "vnp_Locale": "vn",
    "vnp_ReturnUrl": "http://localhost:8000/v1/payment-gateways/vnpay/return",
    "vnp_IpAddr": "203.113.0.7",
    "vnp_CreateDate": "20261123103000",
    "vnp_ExpireDate": "20261123104500",
}
# Sorted by name, values URL-encoded as PHP's urlencode does (space "+", ":" "%3A", "/" "%2F").
PAYMENT_CANONICAL = (
    "vnp_Amount=10000000&vnp_Command=pay&vnp_CreateDate=20261123103000&vnp_CurrCode=VND"
    "&vnp_ExpireDate=20261123104500&vnp_IpAddr=203.113.0.7&vnp_Locale=vn"
    "&vnp_OrderInfo=Nop+phi+le+phi+ho+so+000.00.11.H49-261123-0001+ma+MC7K2QX9PA3"
    "&vnp_OrderType=billpayment"
    "&vnp_ReturnUrl=http%3A%2F%2Flocalhost%3A8000%2Fv1%2Fpayment-gateways%2Fvnpay%2Freturn"
    "&vnp_TmnCode=MOTCUA01&vnp_TxnRef=0193a4f2c7d87b3e9f1a2b3c4d5e6f70&vnp_Version=2.1.0"
)


def test_r_fmt_6_the_redirect_checksum_is_hmac_sha512_of_the_sorted_urlencoded_fields() -> None:
    assert signing.canonical(PAYMENT) == PAYMENT_CANONICAL
    assert signing.sign(PAYMENT, SECRET) == expected(PAYMENT_CANONICAL)


def test_r_fmt_6_the_payment_url_we_build_carries_that_checksum() -> None:
    adapter = VnpayAdapter(
        VnpayConfig(
            tmn_code="MOTCUA01",
            hash_secret=SECRET,
            payment_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html",
            api_url="",
            report_url="",
            return_url=PAYMENT["vnp_ReturnUrl"],
        )
    )
    checkout = adapter.checkout(
        txn_ref=PAYMENT["vnp_TxnRef"],
        amount=100_000,
        order_info=PAYMENT["vnp_OrderInfo"],
        client_ip="203.113.0.7",
        now=datetime(2026, 11, 23, 3, 30, tzinfo=UTC),  # 10:30 in Vietnam (GMT+7)
    )
    url = urlsplit(checkout.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    query, _, hash_part = url.query.rpartition("&vnp_SecureHash=")
    assert query == PAYMENT_CANONICAL
    assert hash_part == expected(PAYMENT_CANONICAL)
    assert checkout.create_date == "20261123103000"


def test_r_fmt_6_empty_fields_the_hash_fields_and_foreign_fields_are_not_signed() -> None:
    params = {
        "vnp_TxnRef": "ABC",
        "vnp_BankCode": "",
        "vnp_SecureHashType": "HmacSHA512",
        "vnp_SecureHash": "whatever",
        "utm_source": "email",
        "vnp_Amount": "500000",
    }
    assert signing.canonical(params) == "vnp_Amount=500000&vnp_TxnRef=ABC"
    assert signing.sign(params, SECRET) == expected("vnp_Amount=500000&vnp_TxnRef=ABC")


def test_r_fmt_6_characters_are_encoded_as_phps_urlencode_does() -> None:
    params = {"vnp_OrderInfo": "Lệ phí ~ 100% (A&B)*"}
    # UTF-8 bytes as upper-case %XX, space "+", and "~", "(", ")", "*" encoded too.
    canonical = "vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+%7E+100%25+%28A%26B%29%2A"
    assert signing.canonical(params) == canonical
    assert signing.sign(params, SECRET) == expected(canonical)


IPN = {
    "vnp_Amount": "10000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14226112",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Nop phi le phi ho so 000.00.11.H49-261123-0001 ma MC7K2QX9PA3",
    "vnp_PayDate": "20261123103512",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "MOTCUA01",
    "vnp_TransactionNo": "14226112",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "0193a4f2c7d87b3e9f1a2b3c4d5e6f70",
}
IPN_CANONICAL = (
    "vnp_Amount=10000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14226112&vnp_CardType=ATM"
    "&vnp_OrderInfo=Nop+phi+le+phi+ho+so+000.00.11.H49-261123-0001+ma+MC7K2QX9PA3"
    "&vnp_PayDate=20261123103512&vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01&vnp_TransactionNo=14226112"
    "&vnp_TransactionStatus=00&vnp_TxnRef=0193a4f2c7d87b3e9f1a2b3c4d5e6f70"
)


def test_r_fmt_6_an_ipn_is_verified_by_the_same_rule_in_any_hex_case() -> None:
    good = IPN | {"vnp_SecureHash": expected(IPN_CANONICAL)}
    assert signing.is_signed(good, SECRET)
    assert signing.is_signed(good | {"vnp_SecureHash": expected(IPN_CANONICAL).upper()}, SECRET)
    assert signing.is_signed(good | {"vnp_SecureHashType": "HmacSHA512"}, SECRET)


def test_r_fmt_6_an_ipn_altered_after_signing_or_signed_with_another_key_is_refused() -> None:
    good = IPN | {"vnp_SecureHash": expected(IPN_CANONICAL)}
    assert not signing.is_signed(good | {"vnp_Amount": "1000000"}, SECRET)  # amount tampered
    assert not signing.is_signed(good | {"vnp_ResponseCode": "24"}, SECRET)
    assert not signing.is_signed(good | {"vnp_Extra": "1"}, SECRET)  # an added vnp_ field
    other_key = hmac.new(b"another-merchant-secret", IPN_CANONICAL.encode(), hashlib.sha512).hexdigest()
    assert not signing.is_signed(IPN | {"vnp_SecureHash": other_key}, SECRET)
    assert not signing.is_signed(IPN, SECRET)  # no checksum at all


def test_r_fmt_6_merchant_api_checksums_join_the_listed_values_with_pipes() -> None:
    values = [
        "5f1c2a9e0b7d4c3a8e6f1d2b3c4a5e6f",
        "2.1.0",
        "querydr",
        "MOTCUA01",
        "0193a4f2c7d87b3e9f1a2b3c4d5e6f70",
        "20261123103000",
        "20261123120000",
        "127.0.0.1",
        "Truy van giao dich",
    ]
    data = (
        "5f1c2a9e0b7d4c3a8e6f1d2b3c4a5e6f|2.1.0|querydr|MOTCUA01|0193a4f2c7d87b3e9f1a2b3c4d5e6f70"
        "|20261123103000|20261123120000|127.0.0.1|Truy van giao dich"
    )
    assert signing.pipe_signature(SECRET, values) == expected(data)
    assert signing.pipe_signature(SECRET, ["a", None, "c"]) == expected("a||c")


def test_r_fmt_6_what_an_ipn_says_is_read_in_vnd() -> None:
    outcome = VnpayAdapter.outcome(IPN)
    assert outcome.verdict.value == "paid" and outcome.amount == 100_000
    assert outcome.paid_at == datetime(2026, 11, 23, 3, 35, 12, tzinfo=UTC)
    cancelled = VnpayAdapter.outcome(IPN | {"vnp_ResponseCode": "24", "vnp_TransactionStatus": "02"})
    assert cancelled.verdict.value == "failed" and cancelled.failure_code == "customer_cancelled"
    assert VnpayAdapter.outcome(IPN | {"vnp_Amount": "10000050"}).amount is None  # not whole VND
