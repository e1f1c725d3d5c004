"""Fees and charges in integer VND; online never costs more (R-PAY-5); exemptions by percentage."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalog.procedures.content import Fee
from catalog.procedures.fees import UnknownFee, quote, total
from contracts.lifecycle import Channel

COPY = Fee.model_validate(
    {
        "code": "LP1",
        "name": "Lệ phí cấp bản sao",
        "kind": "charge",
        "basis": "per_unit",
        "amount": 8000,
        "online_amount": 4000,
        "unit": "bản",
        "exemptions": [
            {"code": "NGHEO", "description": "Hộ nghèo", "percent": 100},
            {"code": "CC", "description": "Người có công", "percent": 50},
        ],
    }
)
FIXED = Fee.model_validate({"code": "P1", "name": "Phí thẩm định", "kind": "fee", "amount": 150_000})


def test_per_unit_fees_multiply_and_fixed_fees_do_not() -> None:
    lines = quote([COPY, FIXED], channel=Channel.DESK, quantities={"LP1": 3})
    assert [(line.quantity, line.amount) for line in lines] == [(3, 24_000), (1, 150_000)]
    assert total(lines) == 174_000


def test_r_pay_5_the_online_amount_applies_online_and_can_never_exceed_the_legal_fee() -> None:
    assert quote([COPY], channel=Channel.ONLINE)[0].amount == 4000
    with pytest.raises(ValidationError):
        Fee.model_validate({"code": "X", "name": "Phí", "kind": "fee", "amount": 1000, "online_amount": 2000})


def test_the_largest_exemption_claimed_applies_rounded_down_to_the_dong() -> None:
    odd = Fee.model_validate(
        {
            "code": "P2",
            "name": "Phí",
            "kind": "fee",
            "amount": 15_001,
            "exemptions": [{"code": "CC", "description": "x", "percent": 50}],
        }
    )
    assert quote([odd], channel=Channel.DESK, exemptions={"CC"})[0].amount == 7500
    line = quote([COPY], channel=Channel.DESK, quantities={"LP1": 2}, exemptions={"CC", "NGHEO"})[0]
    assert (line.exemption_code, line.exemption_percent, line.amount) == ("NGHEO", 100, 0)


def test_a_quantity_for_an_unknown_fee_is_refused_and_a_per_unit_fee_names_its_unit() -> None:
    with pytest.raises(UnknownFee):
        quote([FIXED], channel=Channel.DESK, quantities={"NOPE": 1})
    with pytest.raises(ValidationError):
        Fee.model_validate({"code": "X", "name": "Phí", "kind": "fee", "basis": "per_unit", "amount": 1000})
