"""In-memory state of the VNPay simulator: transactions (bounded), API request ids, faults, report
adjustments."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from simulators._common import rfc3339

TxnStatus = Literal["pending", "success", "failed"]
IpnMode = Literal["ok", "drop", "delay", "duplicate"]
AdjustmentKind = Literal["add", "alter_amount", "omit"]


@dataclass
class IpnAttempt:
    at: datetime
    http_status: int | None
    rsp_code: str | None
    message: str | None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": rfc3339(self.at),
            "http_status": self.http_status,
            "rsp_code": self.rsp_code,
            "message": self.message,
            "error": self.error,
        }


@dataclass
class RefundRecord:
    request_id: str
    transaction_type: str
    amount: int  # × 100, as on the wire
    transaction_no: str
    create_by: str
    at: datetime
    pay_date: str

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "transaction_type": self.transaction_type,
            "amount": self.amount // 100,
            "transaction_no": self.transaction_no,
            "create_by": self.create_by,
            "at": rfc3339(self.at),
            "pay_date": self.pay_date,
        }


@dataclass
class Transaction:
    """One payment the merchant redirected a customer to pay, and what became of it."""

    token: str
    txn_ref: str
    tmn_code: str
    amount: int  # vnp_Amount: VND × 100
    order_info: str
    order_type: str
    locale: str
    return_url: str
    ip_addr: str
    create_date: str
    expire_date: str
    requested_bank_code: str
    created_at: datetime
    status: TxnStatus = "pending"
    response_code: str | None = None
    transaction_status: str = "01"
    transaction_no: str = "0"
    bank_code: str = ""
    bank_tran_no: str = ""
    card_type: str = ""
    pay_date: str = ""
    paid_on: date | None = None
    ipn_attempts: list[IpnAttempt] = field(default_factory=list)
    refunds: list[RefundRecord] = field(default_factory=list)

    @property
    def refunded(self) -> int:
        return sum(r.amount for r in self.refunds)

    def to_json(self) -> dict[str, Any]:
        return {
            "txn_ref": self.txn_ref,
            "tmn_code": self.tmn_code,
            "amount": self.amount // 100,
            "vnp_amount": self.amount,
            "order_info": self.order_info,
            "return_url": self.return_url,
            "create_date": self.create_date,
            "expire_date": self.expire_date,
            "created_at": rfc3339(self.created_at),
            "status": self.status,
            "response_code": self.response_code,
            "transaction_status": self.transaction_status,
            "transaction_no": self.transaction_no,
            "bank_code": self.bank_code,
            "pay_date": self.pay_date or None,
            "ipn_attempts": [a.to_json() for a in self.ipn_attempts],
            "refunds": [r.to_json() for r in self.refunds],
            "refunded": self.refunded // 100,
        }


@dataclass
class IpnFault:
    """How the next IPNs are delivered; `remaining` counts the payments it applies to (None: all)."""

    mode: IpnMode = "ok"
    remaining: int | None = None
    delay: float = 0.0
    copies: int = 2

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "remaining": self.remaining, "delay": self.delay, "copies": self.copies}

    def take(self) -> IpnFault | None:
        if self.mode == "ok":
            return None
        taken = IpnFault(self.mode, None, self.delay, self.copies)
        if self.remaining is not None:
            self.remaining -= 1
            if self.remaining <= 0:
                self.mode, self.remaining = "ok", None
        return taken


@dataclass(frozen=True)
class ReportAdjustment:
    """A deliberate error in one day's transaction report (to test the merchant's reconciliation)."""

    report_date: date
    kind: AdjustmentKind
    txn_ref: str
    amount: int | None = None  # VND; for `add` and `alter_amount`
    transaction_no: str = "0"  # the invented VNPay number of an `add`ed row

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.report_date.isoformat(),
            "kind": self.kind,
            "txn_ref": self.txn_ref,
            "amount": self.amount,
        }


class TransactionStore:
    """Transactions by vnp_TxnRef (oldest evicted past `max_transactions`) and by page token."""

    def __init__(self, max_transactions: int) -> None:
        self.max = max(1, max_transactions)
        self._by_ref: OrderedDict[tuple[str, str], Transaction] = OrderedDict()
        self._by_token: dict[str, tuple[str, str]] = {}
        self._next_no = 14_000_000
        #: vnp_RequestId of merchant API calls already answered, with the answer (94 on reuse).
        self.request_ids: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def add(self, txn: Transaction) -> None:
        key = (txn.tmn_code, txn.txn_ref)
        self._by_ref[key] = txn
        self._by_token[txn.token] = key
        while len(self._by_ref) > self.max:
            _, old = self._by_ref.popitem(last=False)
            self._by_token.pop(old.token, None)

    def get(self, tmn_code: str, txn_ref: str) -> Transaction | None:
        return self._by_ref.get((tmn_code, txn_ref))

    def by_token(self, token: str) -> Transaction | None:
        key = self._by_token.get(token)
        return self._by_ref.get(key) if key else None

    def all(self) -> list[Transaction]:
        return list(self._by_ref.values())

    def next_transaction_no(self) -> str:
        self._next_no += 1
        return str(self._next_no)

    def remember_request(self, request_id: str, answer: dict[str, Any]) -> None:
        self.request_ids[request_id] = answer
        while len(self.request_ids) > self.max:
            self.request_ids.popitem(last=False)

    def clear(self) -> None:
        self._by_ref.clear()
        self._by_token.clear()
        self.request_ids.clear()
