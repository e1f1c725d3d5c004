"""The VNPay 2.1.0 adapter (R-FMT-6): the signed payment URL, reading a return or an IPN, querydr,
refund, and the daily transaction report."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import httpx
import structlog

from payments.clock import VN_TZ, utcnow
from payments.gateways.base import (
    Checkout,
    GatewayUnavailable,
    PaymentOutcome,
    RefundOutcome,
    RefundVerdict,
    ReportRow,
    Verdict,
)
from payments.gateways.vnpay import signing
from payments.orders.rules import vnpay_failure_code

log = structlog.get_logger("payments.vnpay")

VERSION = "2.1.0"
TIMESTAMP = "%Y%m%d%H%M%S"
QUERY_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (*ANSWER_FIELDS, "vnp_PromotionCode", "vnp_PromotionAmount")
#: vnp_TransactionStatus in a querydr answer → what became of the payment.
QUERY_VERDICTS = {
    "00": Verdict.PAID,
    "01": Verdict.PENDING,
    "02": Verdict.FAILED,
    "04": Verdict.FAILED,
    "05": Verdict.PAID,  # a refund is being processed: the payment itself went through
    "06": Verdict.PAID,
    "07": Verdict.FAILED,
    "09": Verdict.PAID,
}


def vn_timestamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime(TIMESTAMP)


def parse_vn_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, TIMESTAMP).replace(tzinfo=VN_TZ)
    except ValueError:
        return None


@dataclass(frozen=True)
class VnpayConfig:
    tmn_code: str
    hash_secret: str
    payment_url: str
    api_url: str
    report_url: str
    return_url: str
    timeout: float = 10.0
    attempt_minutes: int = 15


class VnpayAdapter:
    name = "vnpay"

    def __init__(self, config: VnpayConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.client = httpx.AsyncClient(timeout=config.timeout, transport=transport, trust_env=False)

    @property
    def has_report(self) -> bool:
        return bool(self.config.report_url)

    async def close(self) -> None:
        await self.client.aclose()

    # ------------------------------------------------------------------ redirect

    def checkout(
        self,
        *,
        txn_ref: str,
        amount: int,
        order_info: str,
        client_ip: str,
        locale: str = "vn",
        bank_code: str | None = None,
        now: datetime | None = None,
    ) -> Checkout:
        """The signed URL that sends the payer to VNPay's page for ``amount`` VND."""
        created = now or utcnow()
        expires = created + timedelta(minutes=self.config.attempt_minutes)
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_Amount": str(amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_OrderType": "billpayment",
            "vnp_Locale": locale,
            "vnp_ReturnUrl": self.config.return_url,
            "vnp_IpAddr": client_ip,
            "vnp_CreateDate": vn_timestamp(created),
            "vnp_ExpireDate": vn_timestamp(expires),
        }
        if bank_code:
            params["vnp_BankCode"] = bank_code
        url = signing.signed_url(self.config.payment_url, params, self.config.hash_secret)
        return Checkout(url=url, create_date=params["vnp_CreateDate"], expires_at=expires)

    # ------------------------------------------------------------------ return and IPN

    def is_signed(self, params: Mapping[str, str]) -> bool:
        return signing.is_signed(params, self.config.hash_secret)

    @staticmethod
    def outcome(params: Mapping[str, str]) -> PaymentOutcome:
        """What a (verified) return or IPN says; the amount is None when it is not a whole VND."""
        raw = params.get("vnp_Amount", "")
        amount = int(raw) // 100 if raw.isdigit() and int(raw) % 100 == 0 else None
        response = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", "")
        paid = response == "00" and status == "00"
        return PaymentOutcome(
            txn_ref=params.get("vnp_TxnRef", ""),
            verdict=Verdict.PAID if paid else Verdict.FAILED,
            amount=amount,
            response_code=response or None,
            provider_status=status or None,
            provider_transaction_no=params.get("vnp_TransactionNo") or None,
            bank_code=params.get("vnp_BankCode") or None,
            paid_at=parse_vn_timestamp(params.get("vnp_PayDate")),
            failure_code=None if paid else vnpay_failure_code(response),
        )

    # ------------------------------------------------------------------ merchant API

    async def _call(self, body: dict[str, str], answer_fields: tuple[str, ...]) -> dict[str, str]:
        try:
            response = await self.client.post(self.config.api_url, json=body)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise GatewayUnavailable(f"HTTP {response.status_code}")
        try:
            raw = response.json()
        except ValueError as exc:
            raise GatewayUnavailable("answer is not JSON") from exc
        if not isinstance(raw, dict):
            raise GatewayUnavailable("answer is not a JSON object")
        answer = {k: "" if v is None else str(v) for k, v in raw.items()}
        values = [answer.get(name, "") for name in answer_fields]
        if not signing.is_pipe_signed(self.config.hash_secret, answer.get("vnp_SecureHash", ""), values):
            raise GatewayUnavailable(f"answer {answer.get('vnp_ResponseCode')} not signed by VNPay")
        return answer

    def _request(self, command: str, fields: tuple[str, ...], **values: str) -> dict[str, str]:
        body = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": command,
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_CreateDate": vn_timestamp(utcnow()),
            "vnp_IpAddr": "127.0.0.1",
            **values,
        }
        body["vnp_SecureHash"] = signing.pipe_signature(
            self.config.hash_secret, [body.get(name, "") for name in fields]
        )
        return body

    async def query(self, *, txn_ref: str, create_date: str) -> PaymentOutcome:
        """querydr: the gateway's own word on one payment (server to server)."""
        body = self._request(
            "querydr",
            QUERY_FIELDS,
            vnp_TxnRef=txn_ref,
            vnp_TransactionDate=create_date,
            vnp_OrderInfo=f"Truy van giao dich {txn_ref}",
        )
        answer = await self._call(body, QUERY_ANSWER_FIELDS)
        code = answer.get("vnp_ResponseCode")
        if code == "91":
            return PaymentOutcome(txn_ref=txn_ref, verdict=Verdict.PENDING, amount=None, response_code=code)
        if code != "00":
            raise GatewayUnavailable(f"querydr answered {code}: {answer.get('vnp_Message')}")
        status = answer.get("vnp_TransactionStatus", "")
        verdict = QUERY_VERDICTS.get(status, Verdict.PENDING)
        raw = answer.get("vnp_Amount", "")
        return PaymentOutcome(
            txn_ref=txn_ref,
            verdict=verdict,
            amount=int(raw) // 100 if raw.isdigit() else None,
            response_code="00" if verdict is Verdict.PAID else None,
            provider_status=status,
            provider_transaction_no=answer.get("vnp_TransactionNo") or None,
            bank_code=answer.get("vnp_BankCode") or None,
            paid_at=parse_vn_timestamp(answer.get("vnp_PayDate")),
            failure_code=_query_failure(status, verdict),
        )

    async def refund(
        self,
        *,
        request_id: str,
        txn_ref: str,
        create_date: str,
        amount: int,
        full: bool,
        transaction_no: str | None,
        actor: str,
    ) -> RefundOutcome:
        """Refund ``amount`` VND of a payment; ``request_id`` is the same on every retry of one refund."""
        body = self._request(
            "refund",
            REFUND_FIELDS,
            vnp_TransactionType="02" if full else "03",
            vnp_TxnRef=txn_ref,
            vnp_Amount=str(amount * 100),
            vnp_TransactionNo=transaction_no or "",
            vnp_TransactionDate=create_date,
            vnp_CreateBy=actor[:64],
            vnp_OrderInfo=f"Hoan tra phi le phi {txn_ref}",
        )
        body["vnp_RequestId"] = request_id
        body["vnp_SecureHash"] = signing.pipe_signature(
            self.config.hash_secret, [body.get(name, "") for name in REFUND_FIELDS]
        )
        try:
            answer = await self._call(body, ANSWER_FIELDS)
        except GatewayUnavailable as exc:
            return RefundOutcome(RefundVerdict.RETRY, error=str(exc))
        code = answer.get("vnp_ResponseCode")
        message = answer.get("vnp_Message") or ""
        if code == "00":
            return RefundOutcome(RefundVerdict.SUCCEEDED, provider_reference=answer.get("vnp_TransactionNo"))
        if code == "94":
            # This very request (same vnp_RequestId) reached VNPay before: an earlier try went through.
            return RefundOutcome(RefundVerdict.SUCCEEDED, error=f"94 {message}")
        if code in ("99",):
            return RefundOutcome(RefundVerdict.RETRY, error=f"{code} {message}")
        return RefundOutcome(RefundVerdict.FAILED, error=f"{code} {message}")

    async def report(self, day: date) -> list[ReportRow]:
        """The gateway's list of the day's successful payments and refunds (signed CSV)."""
        if not self.config.report_url:
            raise GatewayUnavailable("no report URL configured (VNPAY_REPORT_URL)")
        values = [self.config.tmn_code, day.strftime("%Y%m%d"), vn_timestamp(utcnow())]
        params = {
            "vnp_TmnCode": values[0],
            "vnp_ReportDate": values[1],
            "vnp_CreateDate": values[2],
            "vnp_SecureHash": signing.pipe_signature(self.config.hash_secret, values),
        }
        try:
            response = await self.client.get(self.config.report_url, params=params)
        except httpx.HTTPError as exc:
            raise GatewayUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise GatewayUnavailable(f"report: HTTP {response.status_code}")
        given = response.headers.get("x-vnpay-securehash", "")
        if not signing.is_body_signed(self.config.hash_secret, given, response.content):
            raise GatewayUnavailable("report not signed by VNPay")
        rows = []
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))):
            raw = row.get("vnp_Amount") or ""
            if not raw.isdigit():
                raise GatewayUnavailable(f"report: bad amount {raw!r}")
            rows.append(
                ReportRow(
                    txn_ref=row.get("vnp_TxnRef") or "",
                    provider_transaction_no=row.get("vnp_TransactionNo") or "",
                    kind="payment" if row.get("vnp_TransactionType") == "01" else "refund",
                    amount=int(raw) // 100,
                    status=row.get("vnp_TransactionStatus") or "",
                    paid_at=parse_vn_timestamp(row.get("vnp_PayDate")),
                )
            )
        return rows


def _query_failure(status: str, verdict: Verdict) -> str | None:
    if verdict is not Verdict.FAILED:
        return None
    return "suspected_fraud" if status == "07" else "gateway_error"
