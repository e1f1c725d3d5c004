"""Pure comparison of our day with the gateway's report of it: what matches, what does not, and why."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from payments.gateways.base import ReportRow


class Kind(StrEnum):
    UNKNOWN_AT_MERCHANT = "unknown_at_merchant"  # the gateway took money for a payment we never started
    MISSING_AT_GATEWAY = "missing_at_gateway"  # we credited a payment the gateway does not report
    AMOUNT_MISMATCH = "amount_mismatch"
    STATUS_MISMATCH = "status_mismatch"  # the gateway says paid, we do not
    REFUND_MISSING_AT_GATEWAY = "refund_missing_at_gateway"
    REFUND_UNKNOWN_AT_MERCHANT = "refund_unknown_at_merchant"


DETAILS: dict[Kind, str] = {
    Kind.UNKNOWN_AT_MERCHANT: "Cổng thanh toán báo giao dịch không có trong hệ thống",
    Kind.MISSING_AT_GATEWAY: "Hệ thống ghi nhận đã thu nhưng cổng thanh toán không báo",
    Kind.AMOUNT_MISMATCH: "Số tiền của cổng thanh toán khác số tiền hệ thống ghi nhận",
    Kind.STATUS_MISMATCH: "Cổng thanh toán báo thành công nhưng hệ thống chưa ghi nhận đã thu",
    Kind.REFUND_MISSING_AT_GATEWAY: "Hệ thống ghi nhận đã hoàn nhưng cổng thanh toán không báo",
    Kind.REFUND_UNKNOWN_AT_MERCHANT: "Cổng thanh toán báo khoản hoàn không có trong hệ thống",
}


@dataclass(frozen=True)
class OurPayment:
    txn_ref: str
    payment_id: uuid.UUID
    agency_code: str
    amount: int
    status: str  # the transaction's status
    credited_that_day: bool


@dataclass(frozen=True)
class OurRefund:
    txn_ref: str
    payment_id: uuid.UUID
    agency_code: str
    amount: int


@dataclass(frozen=True)
class Finding:
    kind: Kind
    txn_ref: str
    transaction_type: str
    payment_id: uuid.UUID | None
    agency_code: str | None
    our_amount: int | None
    gateway_amount: int | None
    our_status: str | None
    gateway_status: str | None

    @property
    def detail(self) -> str:
        return DETAILS[self.kind]


@dataclass(frozen=True)
class Comparison:
    findings: list[Finding]
    matched: int
    gateway_count: int
    gateway_total: int
    our_count: int
    our_total: int


def compare(
    report: Iterable[ReportRow], ours: Mapping[str, OurPayment], our_refunds: Iterable[OurRefund]
) -> Comparison:
    """``ours``: every payment the report names plus every one we credited that day, by txn_ref."""
    rows = list(report)
    findings: list[Finding] = []
    matched = 0
    reported_payments = {r.txn_ref for r in rows if r.kind == "payment"}
    for row in (r for r in rows if r.kind == "payment"):
        mine = ours.get(row.txn_ref)
        if mine is None:
            findings.append(
                Finding(
                    Kind.UNKNOWN_AT_MERCHANT,
                    row.txn_ref,
                    "payment",
                    None,
                    None,
                    None,
                    row.amount,
                    None,
                    row.status,
                )
            )
        elif mine.amount != row.amount:
            findings.append(_finding(Kind.AMOUNT_MISMATCH, mine, row.amount, row.status))
        elif mine.status != "succeeded":
            findings.append(_finding(Kind.STATUS_MISMATCH, mine, row.amount, row.status))
        else:
            matched += 1
    credited = [p for p in ours.values() if p.credited_that_day and p.status == "succeeded"]
    for mine in credited:
        if mine.txn_ref not in reported_payments:
            findings.append(_finding(Kind.MISSING_AT_GATEWAY, mine, None, None))
    gateway_refunds: dict[tuple[str, int], int] = {}
    for row in (r for r in rows if r.kind == "refund"):
        gateway_refunds[(row.txn_ref, row.amount)] = gateway_refunds.get((row.txn_ref, row.amount), 0) + 1
    for refund in our_refunds:
        key = (refund.txn_ref, refund.amount)
        if gateway_refunds.get(key, 0) > 0:
            gateway_refunds[key] -= 1
            matched += 1
        else:
            findings.append(
                Finding(
                    Kind.REFUND_MISSING_AT_GATEWAY,
                    refund.txn_ref,
                    "refund",
                    refund.payment_id,
                    refund.agency_code,
                    refund.amount,
                    None,
                    "succeeded",
                    None,
                )
            )
    for (txn_ref, amount), left in gateway_refunds.items():
        mine = ours.get(txn_ref)
        for _ in range(left):
            findings.append(
                Finding(
                    Kind.REFUND_UNKNOWN_AT_MERCHANT,
                    txn_ref,
                    "refund",
                    mine.payment_id if mine else None,
                    mine.agency_code if mine else None,
                    None,
                    amount,
                    None,
                    "00",
                )
            )
    return Comparison(
        findings=findings,
        matched=matched,
        gateway_count=len(reported_payments),
        gateway_total=sum(r.amount for r in rows if r.kind == "payment"),
        our_count=len(credited),
        our_total=sum(p.amount for p in credited),
    )


def _finding(kind: Kind, mine: OurPayment, gateway_amount: int | None, gateway_status: str | None) -> Finding:
    return Finding(
        kind,
        mine.txn_ref,
        "payment",
        mine.payment_id,
        mine.agency_code,
        mine.amount,
        gateway_amount,
        mine.status,
        gateway_status,
    )
