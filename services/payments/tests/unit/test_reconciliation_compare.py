"""The comparison of a day with the gateway's report: every kind of difference, and what matches."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from payments.gateways.base import ReportRow
from payments.reconciliation.compare import Kind, OurPayment, OurRefund, compare

AGENCY = "000.00.11.H49"
PAID = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)


def ours(ref: str, amount: int = 100_000, status: str = "succeeded", that_day: bool = True) -> OurPayment:
    return OurPayment(ref, uuid.uuid4(), AGENCY, amount, status, that_day and status == "succeeded")


def row(ref: str, amount: int = 100_000, kind: str = "payment") -> ReportRow:
    return ReportRow(ref, "14000001", kind, amount, "00", PAID)


def test_a_day_that_agrees_has_no_difference() -> None:
    mine = {r: ours(r) for r in ("A", "B")}
    result = compare([row("A"), row("B")], mine, [])
    assert result.findings == [] and result.matched == 2
    assert (result.gateway_count, result.gateway_total, result.our_count, result.our_total) == (
        2,
        200_000,
        2,
        200_000,
    )


def test_each_kind_of_difference_is_named() -> None:
    mine = {
        "AMOUNT": ours("AMOUNT"),
        "MISSING": ours("MISSING"),
        "NOTPAID": ours("NOTPAID", status="expired", that_day=False),
    }
    report = [row("AMOUNT", 90_000), row("NOTPAID"), row("STRANGER", 50_000)]
    kinds = {(f.kind, f.txn_ref) for f in compare(report, mine, []).findings}
    assert kinds == {
        (Kind.AMOUNT_MISMATCH, "AMOUNT"),
        (Kind.MISSING_AT_GATEWAY, "MISSING"),
        (Kind.STATUS_MISMATCH, "NOTPAID"),
        (Kind.UNKNOWN_AT_MERCHANT, "STRANGER"),
    }


def test_refunds_are_matched_by_payment_and_amount() -> None:
    paid = ours("A", that_day=False)
    refund = OurRefund("A", paid.payment_id, AGENCY, 40_000)
    agree = compare([row("A", 40_000, "refund")], {"A": paid}, [refund])
    assert agree.findings == [] and agree.matched == 1
    missing = compare([], {"A": paid}, [refund])
    assert [f.kind for f in missing.findings] == [Kind.REFUND_MISSING_AT_GATEWAY]
    strange = compare([row("A", 60_000, "refund")], {"A": paid}, [refund])
    assert {f.kind for f in strange.findings} == {
        Kind.REFUND_MISSING_AT_GATEWAY,
        Kind.REFUND_UNKNOWN_AT_MERCHANT,
    }
    assert all(f.detail for f in strange.findings)
