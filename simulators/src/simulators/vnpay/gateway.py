"""What the VNPay simulator does: open a payment from a signed redirect, settle it from the customer's
choice, notify the merchant (browser return + IPN with retries), answer querydr/refund, report a day."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from simulators._common import VIETNAM_TZ, utc_now
from simulators.vnpay import codes
from simulators.vnpay.settings import VnpaySimSettings
from simulators.vnpay.signing import pipe_hash, signed_query_string, verify_query
from simulators.vnpay.state import (
    IpnAttempt,
    IpnFault,
    RefundRecord,
    ReportAdjustment,
    Transaction,
    TransactionStore,
)

log = logging.getLogger("simulators.vnpay")

REQUIRED_PAY_FIELDS = (
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_Amount",
    "vnp_CreateDate",
    "vnp_CurrCode",
    "vnp_IpAddr",
    "vnp_Locale",
    "vnp_OrderInfo",
    "vnp_OrderType",
    "vnp_ReturnUrl",
    "vnp_TxnRef",
    "vnp_ExpireDate",
    "vnp_SecureHash",
)
DATE_FORMAT = "%Y%m%d%H%M%S"
MIN_AMOUNT_VND = 5_000
MAX_AMOUNT_VND = 1_000_000_000
BANK_CODES = ("NCB", "VCB", "BIDV", "VIETINBANK", "AGRIBANK", "TPBANK", "VNPAYQR", "INTCARD")
TXN_REF = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
REPORT_HEADER = (
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionStatus",
)


def vn_timestamp(moment: datetime | None = None) -> str:
    return (moment or utc_now()).astimezone(VIETNAM_TZ).strftime(DATE_FORMAT)


def parse_vn_timestamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VIETNAM_TZ)
    except ValueError:
        return None


class PageError(Exception):
    """The payment page refuses the redirect with one of VNPay's page error codes."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Settled:
    transaction: Transaction
    return_url: str


class VnpayGateway:
    def __init__(self, settings: VnpaySimSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client
        self.store = TransactionStore(settings.max_transactions)
        self.ipn_fault = IpnFault()
        self.adjustments: list[ReportAdjustment] = []
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ payment page

    def open_payment(self, params: Mapping[str, str]) -> Transaction:
        """Check a redirect (fields, merchant, checksum, amount, dates) and open, or reopen, its payment."""
        missing = [name for name in REQUIRED_PAY_FIELDS if not params.get(name)]
        if missing:
            raise PageError("03", f"missing {', '.join(missing)}")
        if params["vnp_TmnCode"] != self.settings.tmn_code:
            raise PageError("02")
        if not verify_query(params, self.settings.hash_secret):
            raise PageError("70")
        if params["vnp_Version"] != "2.1.0" or params["vnp_Command"] != "pay":
            raise PageError("03", "vnp_Version must be 2.1.0 and vnp_Command pay")
        raw_amount = params["vnp_Amount"]
        if not raw_amount.isdigit() or int(raw_amount) % 100:
            raise PageError("03", "vnp_Amount: VND × 100, an integer")
        if not MIN_AMOUNT_VND <= int(raw_amount) // 100 < MAX_AMOUNT_VND:
            raise PageError("03", "vnp_Amount out of range")
        if params["vnp_CurrCode"] != "VND" or params["vnp_Locale"] not in ("vn", "en"):
            raise PageError("03", "vnp_CurrCode VND, vnp_Locale vn or en")
        if not TXN_REF.match(params["vnp_TxnRef"]):
            raise PageError("03", "vnp_TxnRef: letters, digits, - and _")
        if urlsplit(params["vnp_ReturnUrl"]).scheme not in ("http", "https"):
            raise PageError("03", "vnp_ReturnUrl must be http(s)")
        created = parse_vn_timestamp(params["vnp_CreateDate"])
        expires = parse_vn_timestamp(params["vnp_ExpireDate"])
        if created is None or expires is None or expires <= created:
            raise PageError("03", "vnp_CreateDate/vnp_ExpireDate: yyyyMMddHHmmss, expiry after creation")
        existing = self.store.get(params["vnp_TmnCode"], params["vnp_TxnRef"])
        if existing is not None:
            same = existing.amount == int(raw_amount) and existing.create_date == params["vnp_CreateDate"]
            if not same or existing.status != "pending":
                raise PageError("01")
            return existing
        if expires <= utc_now():
            raise PageError("11")
        txn = Transaction(
            token=secrets.token_urlsafe(18),
            txn_ref=params["vnp_TxnRef"],
            tmn_code=params["vnp_TmnCode"],
            amount=int(raw_amount),
            order_info=params["vnp_OrderInfo"],
            order_type=params["vnp_OrderType"],
            locale=params["vnp_Locale"],
            return_url=params["vnp_ReturnUrl"],
            ip_addr=params["vnp_IpAddr"],
            create_date=params["vnp_CreateDate"],
            expire_date=params["vnp_ExpireDate"],
            requested_bank_code=params.get("vnp_BankCode", ""),
            created_at=utc_now(),
        )
        self.store.add(txn)
        log.info("payment opened: %s %s VND", txn.txn_ref, txn.amount // 100)
        return txn

    def settle(self, token: str, *, action: str, bank_code: str, outcome: str) -> Settled | None:
        """The customer paid (with the scenario `outcome`) or cancelled; None for an unknown token.

        A payment already settled is not settled again: the browser is sent back with the same answer.
        """
        txn = self.store.by_token(token)
        if txn is None:
            return None
        if txn.status == "pending":
            now = utc_now()
            expires = parse_vn_timestamp(txn.expire_date)
            if expires is not None and now > expires:
                code = "11"
            elif action == "cancel":
                code = "24"
            else:
                code = outcome if outcome in codes.PAYMENT_RESPONSE else "00"
            txn.response_code = code
            txn.bank_code = bank_code or txn.requested_bank_code or "NCB"
            txn.card_type = "QRCODE" if txn.bank_code == "VNPAYQR" else "ATM"
            txn.pay_date = vn_timestamp(now)
            if code == "00":
                txn.status = "success"
                txn.transaction_status = codes.TXN_SUCCESS
                txn.transaction_no = self.store.next_transaction_no()
                txn.bank_tran_no = f"VNP{txn.transaction_no}"
                txn.paid_on = now.astimezone(VIETNAM_TZ).date()
            else:
                txn.status = "failed"
                # "07": debited but held as suspected fraud until the merchant decides in its portal.
                txn.transaction_status = "07" if code == "07" else codes.TXN_FAILED
                txn.transaction_no = "0" if code == "24" else self.store.next_transaction_no()
            log.info("payment %s settled: %s", txn.txn_ref, code)
            self._schedule_ipn(txn)
        separator = "&" if urlsplit(txn.return_url).query else "?"
        return Settled(txn, f"{txn.return_url}{separator}{self.result_query(txn)}")

    def result_query(self, txn: Transaction) -> str:
        """The signed query VNPay sends to the return URL and the IPN URL."""
        params = {
            "vnp_Amount": str(txn.amount),
            "vnp_BankCode": txn.bank_code,
            "vnp_BankTranNo": txn.bank_tran_no,
            "vnp_CardType": txn.card_type,
            "vnp_OrderInfo": txn.order_info,
            "vnp_PayDate": txn.pay_date,
            "vnp_ResponseCode": txn.response_code or "99",
            "vnp_TmnCode": txn.tmn_code,
            "vnp_TransactionNo": txn.transaction_no,
            "vnp_TransactionStatus": txn.transaction_status,
            "vnp_TxnRef": txn.txn_ref,
        }
        return signed_query_string(params, self.settings.hash_secret)

    # ------------------------------------------------------------------ IPN

    def _schedule_ipn(self, txn: Transaction) -> None:
        if not self.settings.ipn_url:
            return
        fault = self.ipn_fault.take()
        if fault is not None and fault.mode == "drop":
            log.info("IPN for %s dropped (fault)", txn.txn_ref)
            return
        task = asyncio.create_task(self._deliver(txn, fault), name=f"vnpay-ipn-{txn.txn_ref}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, txn: Transaction, fault: IpnFault | None) -> None:
        delay = self.settings.ipn_delay + (fault.delay if fault and fault.mode == "delay" else 0.0)
        if delay:
            await asyncio.sleep(delay)
        if fault is not None and fault.mode == "duplicate":
            # The same IPN several times at once: what a merchant sees when VNPay retries a slow answer.
            answers = await asyncio.gather(*(self.send_ipn(txn) for _ in range(max(2, fault.copies))))
            if any(code in codes.IPN_FINAL_ANSWERS for code in answers):
                return
        pause = self.settings.ipn_retry_interval
        for attempt in range(self.settings.ipn_attempts):
            if await self.send_ipn(txn) in codes.IPN_FINAL_ANSWERS:
                return
            if attempt + 1 < self.settings.ipn_attempts:
                await asyncio.sleep(pause)
                pause *= 2
        log.warning("IPN for %s not acknowledged after %d attempts", txn.txn_ref, self.settings.ipn_attempts)

    async def send_ipn(self, txn: Transaction, *, url: str | None = None) -> str | None:
        """One IPN call; returns the merchant's RspCode (None when it could not be read)."""
        target = url or self.settings.ipn_url
        if not target:
            raise ValueError("no IPN URL configured")
        separator = "&" if urlsplit(target).query else "?"
        attempt = IpnAttempt(at=utc_now(), http_status=None, rsp_code=None, message=None)
        try:
            response = await self.client.get(
                f"{target}{separator}{self.result_query(txn)}", timeout=self.settings.ipn_timeout
            )
            attempt.http_status = response.status_code
            body = response.json()
            if isinstance(body, dict):
                code, message = body.get("RspCode"), body.get("Message")
                attempt.rsp_code = None if code is None else str(code)
                attempt.message = None if message is None else str(message)
        except (httpx.HTTPError, ValueError) as exc:
            attempt.error = f"{type(exc).__name__}: {exc}"
        # Recorded once answered, so that whoever reads the attempts sees what the merchant said.
        txn.ipn_attempts.append(attempt)
        log.info("IPN %s → %s %s", txn.txn_ref, attempt.http_status, attempt.rsp_code or attempt.error)
        return attempt.rsp_code

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # ------------------------------------------------------------------ merchant API

    def api(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """`POST /merchant_webapi/api/transaction`: querydr or refund."""
        command = str(body.get("vnp_Command", ""))
        if command == "querydr":
            return self._querydr(body)
        if command == "refund":
            return self._refund(body)
        return self._answer("03", command=command, txn=None, body=body)

    def _querydr(self, body: Mapping[str, Any]) -> dict[str, Any]:
        fields = [
            "vnp_RequestId",
            "vnp_Version",
            "vnp_Command",
            "vnp_TmnCode",
            "vnp_TxnRef",
            "vnp_TransactionDate",
            "vnp_CreateDate",
            "vnp_IpAddr",
            "vnp_OrderInfo",
        ]
        problem = self._check_request(body, fields)
        if problem:
            return self._answer(problem, command="querydr", txn=None, body=body)
        txn = self.store.get(str(body["vnp_TmnCode"]), str(body["vnp_TxnRef"]))
        if txn is None or txn.create_date != str(body["vnp_TransactionDate"]):
            return self._answer("91", command="querydr", txn=None, body=body)
        return self._answer("00", command="querydr", txn=txn, body=body)

    def _refund(self, body: Mapping[str, Any]) -> dict[str, Any]:
        fields = [
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
        ]
        problem = self._check_request(body, fields, optional={"vnp_TransactionNo"})
        if problem:
            return self._answer(problem, command="refund", txn=None, body=body)
        txn = self.store.get(str(body["vnp_TmnCode"]), str(body["vnp_TxnRef"]))
        if txn is None or txn.create_date != str(body["vnp_TransactionDate"]):
            return self._answer("91", command="refund", txn=None, body=body)
        if txn.status != "success":
            return self._answer("95", command="refund", txn=txn, body=body)
        kind = str(body["vnp_TransactionType"])
        amount = str(body["vnp_Amount"])
        remaining = txn.amount - txn.refunded
        if not amount.isdigit() or int(amount) <= 0 or int(amount) > remaining:
            invalid = "Số tiền hoàn không hợp lệ"
            return self._answer("03", command="refund", txn=txn, body=body, message=invalid)
        if kind not in (codes.TYPE_FULL_REFUND, codes.TYPE_PARTIAL_REFUND):
            return self._answer("03", command="refund", txn=txn, body=body)
        if kind == codes.TYPE_FULL_REFUND and int(amount) != txn.amount:
            return self._answer(
                "03", command="refund", txn=txn, body=body, message="Hoàn toàn phần phải bằng số tiền gốc"
            )
        now = utc_now()
        refund = RefundRecord(
            request_id=str(body["vnp_RequestId"]),
            transaction_type=kind,
            amount=int(amount),
            transaction_no=self.store.next_transaction_no(),
            create_by=str(body["vnp_CreateBy"]),
            at=now,
            pay_date=vn_timestamp(now),
        )
        txn.refunds.append(refund)
        log.info("refund %s of %s: %s VND", refund.request_id, txn.txn_ref, refund.amount // 100)
        return self._answer("00", command="refund", txn=txn, body=body, refund=refund)

    def _check_request(
        self, body: Mapping[str, Any], fields: list[str], *, optional: set[str] | None = None
    ) -> str | None:
        """None when the request may be served, else the vnp_ResponseCode refusing it."""
        optional = optional or set()
        if any(not str(body.get(name) or "") for name in fields if name not in optional):
            return "03"
        if body.get("vnp_Version") != "2.1.0":
            return "03"
        if body.get("vnp_TmnCode") != self.settings.tmn_code:
            return "02"
        values = [body.get(name) for name in fields]
        if str(body.get("vnp_SecureHash", "")).lower() != pipe_hash(self.settings.hash_secret, values):
            return "97"
        request_id = str(body["vnp_RequestId"])
        if request_id in self.store.request_ids:
            return "94"
        self.store.remember_request(request_id, dict(body))
        return None

    def _answer(
        self,
        code: str,
        *,
        command: str,
        txn: Transaction | None,
        body: Mapping[str, Any],
        refund: RefundRecord | None = None,
        message: str | None = None,
    ) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_Command": command,
            "vnp_ResponseCode": code,
            "vnp_Message": message or codes.API_RESPONSE.get(code, codes.API_RESPONSE["99"]),
            "vnp_TmnCode": self.settings.tmn_code,
            "vnp_TxnRef": str(body.get("vnp_TxnRef", "")),
            "vnp_Amount": "",
            "vnp_OrderInfo": str(body.get("vnp_OrderInfo", "")),
            "vnp_BankCode": "",
            "vnp_PayDate": "",
            "vnp_TransactionNo": "",
            "vnp_TransactionType": "",
            "vnp_TransactionStatus": "",
        }
        if txn is not None and code == "00":
            if refund is None:
                answer |= {
                    "vnp_Amount": str(txn.amount),
                    "vnp_OrderInfo": txn.order_info,
                    "vnp_BankCode": txn.bank_code,
                    "vnp_PayDate": txn.pay_date,
                    "vnp_TransactionNo": txn.transaction_no,
                    "vnp_TransactionType": codes.TYPE_PAYMENT,
                    "vnp_TransactionStatus": txn.transaction_status,
                }
            else:
                answer |= {
                    "vnp_Amount": str(refund.amount),
                    "vnp_BankCode": txn.bank_code,
                    "vnp_PayDate": refund.pay_date,
                    "vnp_TransactionNo": refund.transaction_no,
                    "vnp_TransactionType": refund.transaction_type,
                    "vnp_TransactionStatus": codes.TXN_SUCCESS,
                }
        order = [
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
        ]
        if command == "querydr":
            answer |= {"vnp_PromotionCode": "", "vnp_PromotionAmount": ""}
            order += ["vnp_PromotionCode", "vnp_PromotionAmount"]
        answer["vnp_SecureHash"] = pipe_hash(self.settings.hash_secret, [answer[k] for k in order])
        return answer

    # ------------------------------------------------------------------ daily report

    def check_report_request(self, params: Mapping[str, str]) -> tuple[str, date | None]:
        """('00', day) when the report request is well-formed and signed, else (code, None)."""
        names = ("vnp_TmnCode", "vnp_ReportDate", "vnp_CreateDate")
        if any(not params.get(n) for n in (*names, "vnp_SecureHash")):
            return "03", None
        if params["vnp_TmnCode"] != self.settings.tmn_code:
            return "02", None
        expected = pipe_hash(self.settings.hash_secret, [params[n] for n in names])
        if params["vnp_SecureHash"].lower() != expected:
            return "97", None
        try:
            day = datetime.strptime(params["vnp_ReportDate"], "%Y%m%d").date()
        except ValueError:
            return "03", None
        return "00", day

    def report_rows(self, day: date) -> list[dict[str, str]]:
        """Every successful payment and refund of `day` (Vietnam time), with any injected adjustments."""
        rows: list[dict[str, str]] = []
        for txn in self.store.all():
            if txn.status == "success" and txn.paid_on == day:
                rows.append(self._row(txn, txn.transaction_no, codes.TYPE_PAYMENT, txn.amount, txn.pay_date))
            for refund in txn.refunds:
                if refund.at.astimezone(VIETNAM_TZ).date() == day:
                    number, kind = refund.transaction_no, refund.transaction_type
                    rows.append(self._row(txn, number, kind, refund.amount, refund.pay_date))
        for adj in (a for a in self.adjustments if a.report_date == day):
            if adj.kind == "omit":
                rows = [r for r in rows if r["vnp_TxnRef"] != adj.txn_ref]
            elif adj.kind == "alter_amount" and adj.amount is not None:
                for row in rows:
                    if row["vnp_TxnRef"] == adj.txn_ref and row["vnp_TransactionType"] == codes.TYPE_PAYMENT:
                        row["vnp_Amount"] = str(adj.amount * 100)
            elif adj.kind == "add" and adj.amount is not None:
                noon = datetime(day.year, day.month, day.day, 12, tzinfo=VIETNAM_TZ)
                rows.append(
                    {
                        "vnp_TmnCode": self.settings.tmn_code,
                        "vnp_TxnRef": adj.txn_ref,
                        "vnp_TransactionNo": adj.transaction_no,
                        "vnp_TransactionType": codes.TYPE_PAYMENT,
                        "vnp_Amount": str(adj.amount * 100),
                        "vnp_BankCode": "NCB",
                        "vnp_PayDate": vn_timestamp(noon),
                        "vnp_TransactionStatus": codes.TXN_SUCCESS,
                    }
                )
        return rows

    def _row(self, txn: Transaction, number: str, kind: str, amount: int, pay_date: str) -> dict[str, str]:
        return {
            "vnp_TmnCode": txn.tmn_code,
            "vnp_TxnRef": txn.txn_ref,
            "vnp_TransactionNo": number,
            "vnp_TransactionType": kind,
            "vnp_Amount": str(amount),
            "vnp_BankCode": txn.bank_code,
            "vnp_PayDate": pay_date,
            "vnp_TransactionStatus": codes.TXN_SUCCESS,
        }

    def report_csv(self, day: date) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=REPORT_HEADER, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.report_rows(day))
        return out.getvalue()
