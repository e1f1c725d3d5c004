"""Fee quotes from the catalogue (R-PAY-3, R-PAY-5): what a dossier owes, computed where the fee
schedule lives, so both services always agree. Internal HTTP, not through the gateway."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import structlog

from payments.fees.errors import FeeQuoteRefused, FeeQuoteUnavailable
from servicekit.http import outgoing_headers

log = structlog.get_logger("payments.fees")


@dataclass(frozen=True)
class QuoteLine:
    code: str
    name: str
    unit_amount: int
    quantity: int
    gross: int
    exemption_code: str | None
    exemption_percent: int
    amount: int

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class Quote:
    procedure_code: str
    version: int
    channel: str
    lines: tuple[QuoteLine, ...]
    total: int


class CatalogFees:
    """``POST /v1/procedures/{code}/versions/{n}/fee-quote`` on the catalog service."""

    def __init__(
        self, base_url: str, *, timeout: float = 5.0, transport: httpx.AsyncBaseTransport | None = None
    ):
        self.client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout, transport=transport, trust_env=False
        )

    async def quote(
        self,
        procedure_code: str,
        version: int,
        *,
        channel: str,
        exemptions: Sequence[str] = (),
        quantities: Mapping[str, int] | None = None,
    ) -> Quote:
        body = {"channel": channel, "exemptions": list(exemptions), "quantities": dict(quantities or {})}
        path = f"/v1/procedures/{procedure_code}/versions/{version}/fee-quote"
        try:
            response = await self.client.post(path, json=body, headers=outgoing_headers())
        except httpx.HTTPError as exc:
            log.warning("fee_quote_unreachable", procedure=procedure_code, error=str(exc))
            raise FeeQuoteUnavailable() from exc
        if response.status_code in (404, 422):
            problem = _problem(response)
            raise FeeQuoteRefused(errors=problem.get("errors", []), reason=problem.get("detail") or "")
        if response.status_code != 200:
            log.warning("fee_quote_failed", procedure=procedure_code, status=response.status_code)
            raise FeeQuoteUnavailable()
        data = response.json()
        lines = tuple(
            QuoteLine(
                code=line["code"],
                name=line["name"],
                unit_amount=int(line["unit_amount"]),
                quantity=int(line["quantity"]),
                gross=int(line["gross"]),
                exemption_code=line.get("exemption_code"),
                exemption_percent=int(line.get("exemption_percent") or 0),
                amount=int(line["amount"]),
            )
            for line in data["lines"]
        )
        return Quote(
            procedure_code=data["code"],
            version=int(data["version"]),
            channel=data["channel"],
            lines=lines,
            total=int(data["total"]),
        )

    async def close(self) -> None:
        await self.client.aclose()


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
