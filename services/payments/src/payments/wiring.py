"""The adapters one running payments service holds: the catalogue's fee quotes and the VNPay merchant."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from payments.fees.catalog import CatalogFees
from payments.gateways.base import OnlineGateway
from payments.gateways.vnpay.adapter import VnpayAdapter, VnpayConfig
from payments.settings import PaymentsSettings

RETURN_PATH = "/v1/payment-gateways/vnpay/return"


@dataclass
class Wiring:
    settings: PaymentsSettings
    fees: CatalogFees
    vnpay: VnpayAdapter

    @property
    def gateways(self) -> dict[str, OnlineGateway]:
        """The online gateways by provider name (the provider recorded on each try)."""
        return {self.vnpay.name: self.vnpay}

    @classmethod
    def from_settings(
        cls, settings: PaymentsSettings, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> Wiring:
        config = VnpayConfig(
            tmn_code=settings.vnpay_tmn_code,
            hash_secret=settings.vnpay_hash_secret,
            payment_url=settings.vnpay_payment_url,
            api_url=settings.vnpay_api_url,
            report_url=settings.vnpay_report_url,
            return_url=settings.public_base_url.rstrip("/") + RETURN_PATH,
            timeout=settings.vnpay_timeout_seconds,
            attempt_minutes=settings.vnpay_attempt_minutes,
        )
        return cls(
            settings=settings,
            fees=CatalogFees(
                settings.service_base_url_catalog,
                timeout=settings.catalog_timeout_seconds,
                transport=transport,
            ),
            vnpay=VnpayAdapter(config, transport=transport),
        )

    async def close(self) -> None:
        await self.fees.close()
        await self.vnpay.close()
