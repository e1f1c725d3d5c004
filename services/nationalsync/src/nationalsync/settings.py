"""Settings of the nationalsync service (env prefix ``NATIONALSYNC_``; the hub's address and credentials
``NATIONAL_HUB_*`` and ``SERVICE_BASE_URL_CATALOG`` are shared, unprefixed names)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared

#: The simulator's development credentials (simulators.nationalhub.settings); refused in production.
DEV_CLIENT_SECRET = "dev-national-hub-client-secret"  # noqa: S105 - development value, see above


class NationalSyncSettings(ServiceSettings):
    service_name: ClassVar[str] = "nationalsync"
    model_config = SettingsConfigDict(env_prefix="NATIONALSYNC_", extra="ignore", populate_by_name=True)

    # The national hub, reached through the national service bus: OAuth2 client credentials, then
    # bearer calls (ADR 13). No URL: records are kept and queued, nothing is sent.
    hub_url: str = shared("NATIONAL_HUB_URL", "")
    hub_token_url: str = shared("NATIONAL_HUB_TOKEN_URL", "")
    hub_client_id: str = shared("NATIONAL_HUB_CLIENT_ID", "")
    hub_client_secret: str = shared("NATIONAL_HUB_CLIENT_SECRET", "")
    hub_records_path: str = "/dvcqg/v1/hoso/dongbo"
    hub_progress_path: str = "/dvcqg/v1/hoso/tiendo"
    hub_timeout_seconds: float = Field(15.0, gt=0)

    # Catalog: procedure names (TenTTHC) the catalog topic did not bring, asked directly.
    service_base_url_catalog: str = shared("SERVICE_BASE_URL_CATALOG", "http://127.0.0.1:8002")
    catalog_timeout_seconds: float = Field(5.0, gt=0)

    # The dispatcher: dossiers claimed per round, pushed at once, and how long a claim holds.
    dispatcher_enabled: bool = True
    dispatch_batch_size: int = Field(20, ge=1)
    dispatch_concurrency: int = Field(5, ge=1)
    dispatch_poll_seconds: float = Field(2.0, gt=0)
    # A claim older than this (its dispatcher died mid-push) is taken over by another replica.
    dispatch_lease_seconds: float = Field(120.0, gt=0)
    # Progress steps sent in one call (the hub takes up to 100).
    progress_batch_size: int = Field(50, ge=1, le=100)

    # Retries of temporary failures (5xx, timeouts, no connection): base·2^(n-1), capped, ± jitter;
    # after max attempts or max age the push is parked for an operator.
    retry_base_seconds: float = Field(10.0, gt=0)
    retry_max_delay_seconds: float = Field(900.0, gt=0)
    retry_jitter: float = Field(0.1, ge=0, le=1)
    retry_max_attempts: int = Field(200, ge=1)
    retry_max_age_seconds: float = Field(72 * 3600.0, gt=0)

    # Queue gauges (/metrics) are recounted at most this often.
    metrics_interval_seconds: float = Field(10.0, gt=0)
    # Calls to the hub and finished jobs are kept this long (parked and waiting ones always).
    history_retention_days: int = Field(180, ge=1)

    @property
    def hub_enabled(self) -> bool:
        return bool(self.hub_url)

    @property
    def token_url(self) -> str:
        return self.hub_token_url or self.hub_url.rstrip("/") + "/oauth2/token"

    @model_validator(mode="after")
    def _production(self) -> NationalSyncSettings:
        if self.environment != "production" or not self.hub_enabled:
            return self
        if not self.hub_url.startswith("https://") or not self.token_url.startswith("https://"):
            raise ValueError("NATIONAL_HUB_URL and NATIONAL_HUB_TOKEN_URL must be https in production")
        if not self.hub_client_id or self.hub_client_secret in ("", DEV_CLIENT_SECRET):
            raise ValueError(
                "NATIONAL_HUB_CLIENT_ID and NATIONAL_HUB_CLIENT_SECRET must be set in production"
            )
        return self
