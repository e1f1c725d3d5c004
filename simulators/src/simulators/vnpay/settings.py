"""Settings of the VNPay gateway simulator, from `VNPAY_SIM_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

from simulators._common import env_float, env_int

#: Development values only: the local stack gives the same ones to payments. A real merchant's
#: secret never belongs in the repository.
DEV_TMN_CODE = "MOTCUA01"
DEV_HASH_SECRET = "DEVVNPAYHASHSECRETNOTFORPRODUCTION0000"  # noqa: S105 - development value


@dataclass(frozen=True)
class VnpaySimSettings:
    tmn_code: str = DEV_TMN_CODE
    hash_secret: str = DEV_HASH_SECRET
    #: The merchant's IPN URL (at VNPay it is registered once per merchant, not sent per payment).
    ipn_url: str = ""
    #: IPN deliveries in all, and the first pause between them (doubling each time).
    ipn_attempts: int = 5
    ipn_retry_interval: float = 1.0
    ipn_timeout: float = 10.0
    #: Seconds between the customer's choice and the IPN (the browser return goes at once).
    ipn_delay: float = 0.0
    max_transactions: int = 10_000

    @classmethod
    def from_env(cls) -> VnpaySimSettings:
        return cls(
            tmn_code=os.environ.get("VNPAY_SIM_TMN_CODE") or DEV_TMN_CODE,
            hash_secret=os.environ.get("VNPAY_SIM_HASH_SECRET") or DEV_HASH_SECRET,
            ipn_url=os.environ.get("VNPAY_SIM_IPN_URL", ""),
            ipn_attempts=env_int("VNPAY_SIM_IPN_ATTEMPTS", 5),
            ipn_retry_interval=env_float("VNPAY_SIM_IPN_RETRY_INTERVAL", 1.0),
            ipn_timeout=env_float("VNPAY_SIM_IPN_TIMEOUT", 10.0),
            ipn_delay=env_float("VNPAY_SIM_IPN_DELAY", 0.0),
            max_transactions=env_int("VNPAY_SIM_MAX_TRANSACTIONS", 10_000),
        )

    @property
    def uses_development_secret(self) -> bool:
        return self.hash_secret == DEV_HASH_SECRET
