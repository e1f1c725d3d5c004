"""Fee computation (phí, lệ phí): pure, integer VND (DESIGN §6), exemptions by percentage.

R-PAY-5: the online channel never costs more than the legal fee, so an online amount is only used
when it is lower.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from catalog.procedures.content import Fee, FeeBasis
from contracts.lifecycle import Channel


@dataclass(frozen=True)
class FeeLine:
    code: str
    name: str
    unit_amount: int
    quantity: int
    gross: int
    exemption_code: str | None
    exemption_percent: int
    amount: int


class UnknownFee(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def quote(
    fees: Sequence[Fee],
    *,
    channel: Channel,
    quantities: Mapping[str, int] | None = None,
    exemptions: Collection[str] = (),
) -> list[FeeLine]:
    """One line per fee: unit amount × quantity (1 for fixed fees), less the largest exemption claimed.

    Amounts are rounded down to the đồng, in the applicant's favour.
    """
    quantities = quantities or {}
    known = {fee.code for fee in fees}
    for code in quantities:
        if code not in known:
            raise UnknownFee(code)
    lines = []
    for fee in fees:
        unit = fee.amount
        if channel is Channel.ONLINE and fee.online_amount is not None:
            unit = min(unit, fee.online_amount)
        quantity = quantities.get(fee.code, 1) if fee.basis is FeeBasis.PER_UNIT else 1
        gross = unit * quantity
        claimed = [e for e in fee.exemptions if e.code in exemptions]
        best = max(claimed, key=lambda e: e.percent, default=None)
        percent = best.percent if best else 0
        lines.append(
            FeeLine(
                code=fee.code,
                name=fee.name,
                unit_amount=unit,
                quantity=quantity,
                gross=gross,
                exemption_code=best.code if best else None,
                exemption_percent=percent,
                amount=gross * (100 - percent) // 100,
            )
        )
    return lines


def total(lines: Sequence[FeeLine]) -> int:
    return sum(line.amount for line in lines)
