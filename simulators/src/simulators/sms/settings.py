"""Settings of the SMS provider simulator, from `SMS_SIM_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from simulators._common import env_float, env_int

#: Development values only: the local stack gives the same ones to notify. A real provider's keys
#: never belong in the repository.
DEV_API_KEY = "dev-sms-api-key"
DEV_SECRET_KEY = "dev-sms-secret-key"  # noqa: S105 - development value, see above
DEV_MO_SECRET = "dev-sms-mo-secret"  # noqa: S105 - development value


@dataclass(frozen=True)
class SmsSimSettings:
    api_key: str = DEV_API_KEY
    secret_key: str = DEV_SECRET_KEY
    #: Registered brandnames; empty means any non-empty brandname is accepted.
    brandnames: frozenset[str] = field(default_factory=frozenset)
    mo_webhook_url: str = ""
    mo_secret: str = DEV_MO_SECRET
    #: Seconds between acceptance and the delivery report.
    dlr_delay: float = 0.2
    #: Attempts to POST a delivery report to its CallbackUrl, and the first pause between them
    #: (doubling each time).
    dlr_attempts: int = 4
    dlr_retry_interval: float = 0.5
    callback_timeout: float = 5.0
    #: How long the `timeout` fault holds its answer unless the fault says otherwise.
    timeout_fault_delay: float = 30.0
    max_messages: int = 1000

    @classmethod
    def from_env(cls) -> SmsSimSettings:
        brandnames = os.environ.get("SMS_SIM_BRANDNAMES", "")
        return cls(
            api_key=os.environ.get("SMS_SIM_API_KEY") or DEV_API_KEY,
            secret_key=os.environ.get("SMS_SIM_SECRET_KEY") or DEV_SECRET_KEY,
            brandnames=frozenset(b.strip() for b in brandnames.split(",") if b.strip()),
            mo_webhook_url=os.environ.get("SMS_SIM_MO_WEBHOOK_URL", ""),
            mo_secret=os.environ.get("SMS_SIM_MO_SECRET") or DEV_MO_SECRET,
            dlr_delay=env_float("SMS_SIM_DLR_DELAY", 0.2),
            dlr_attempts=env_int("SMS_SIM_DLR_ATTEMPTS", 4),
            dlr_retry_interval=env_float("SMS_SIM_DLR_RETRY_INTERVAL", 0.5),
            timeout_fault_delay=env_float("SMS_SIM_TIMEOUT_FAULT_DELAY", 30.0),
            max_messages=env_int("SMS_SIM_MAX_MESSAGES", 1000),
        )

    @property
    def uses_development_keys(self) -> bool:
        return self.api_key == DEV_API_KEY or self.secret_key == DEV_SECRET_KEY
