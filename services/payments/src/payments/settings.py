"""Settings of the payments service (env prefix ``PAYMENTS_``; the VNPay merchant's ``VNPAY_*`` and the
services' ``SERVICE_BASE_URL_*`` are shared, unprefixed names)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared

#: Development values only (the local stack's VNPay simulator has the same); production refuses them.
DEV_VNPAY_TMN_CODE = "MOTCUA01"
DEV_VNPAY_HASH_SECRET = "DEVVNPAYHASHSECRETNOTFORPRODUCTION0000"  # noqa: S105 - development value


class PaymentsSettings(ServiceSettings):
    service_name: ClassVar[str] = "payments"
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", extra="ignore", populate_by_name=True)

    # Where browsers and gateways reach us (the API gateway): the VNPay return URL is built on it.
    public_base_url: str = "http://localhost:8000"
    # Where the citizen lands after paying (the portal's page); empty: our own result page is shown.
    portal_payment_page_url: str = ""
    # Catalog's fee quotes (POST /v1/procedures/{code}/versions/{n}/fee-quote), internal, not through
    # the gateway.
    service_base_url_catalog: str = shared("SERVICE_BASE_URL_CATALOG", "http://127.0.0.1:8002")
    catalog_timeout_seconds: float = Field(5.0, gt=0)

    # The portal's VNPay merchant (R-FMT-6): payment page, merchant API (querydr, refund), daily report.
    vnpay_payment_url: str = shared("VNPAY_PAYMENT_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
    vnpay_api_url: str = shared(
        "VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
    )
    vnpay_report_url: str = shared("VNPAY_REPORT_URL", "")
    vnpay_tmn_code: str = shared("VNPAY_TMN_CODE", DEV_VNPAY_TMN_CODE)
    vnpay_hash_secret: str = shared("VNPAY_HASH_SECRET", DEV_VNPAY_HASH_SECRET)
    vnpay_timeout_seconds: float = Field(10.0, gt=0)
    # How long a customer has on VNPay's page (vnp_ExpireDate).
    vnpay_attempt_minutes: int = Field(15, ge=5, le=24 * 60)

    # Orders: how long the applicant has to pay before the order expires.
    order_ttl_days: int = Field(15, ge=1, le=365)

    # Background work: expiry of attempts and orders, refunds through the gateways, reconciliation.
    workers_enabled: bool = True
    housekeeper_enabled: bool = True
    expiry_poll_seconds: float = Field(30.0, gt=0)
    refund_poll_seconds: float = Field(5.0, gt=0)
    refund_retry_seconds: float = Field(60.0, gt=0)
    refund_max_attempts: int = Field(10, ge=1)
    # The daily reconciliation of the previous day runs at this local time (Asia/Ho_Chi_Minh).
    reconciliation_enabled: bool = True
    reconciliation_hour: int = Field(2, ge=0, le=23)
    reconciliation_poll_seconds: float = Field(60.0, gt=0)

    @model_validator(mode="after")
    def _secrets(self) -> PaymentsSettings:
        if self.environment == "production":
            if self.vnpay_hash_secret == DEV_VNPAY_HASH_SECRET or len(self.vnpay_hash_secret) < 32:
                raise ValueError("VNPAY_HASH_SECRET must be the merchant's secret in production")
            if not self.public_base_url.startswith("https://"):
                raise ValueError("PAYMENTS_PUBLIC_BASE_URL (https) must be set: VNPay returns browsers there")
        return self
