"""Settings of the notify service (env prefix ``NOTIFY_``; SMTP_* are shared, unprefixed names)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared


class NotifySettings(ServiceSettings):
    service_name: ClassVar[str] = "notify"
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", populate_by_name=True)

    portal_url: str = Field("http://localhost:8000", description="Link put in notices")

    # Email over SMTP (shared names: the local stack's capture server or the ministry's relay).
    smtp_host: str = shared("SMTP_HOST", "localhost")
    smtp_port: int = shared("SMTP_PORT", 1025)
    smtp_username: str = shared("SMTP_USERNAME", "")
    smtp_password: str = shared("SMTP_PASSWORD", "")
    smtp_starttls: bool = shared("SMTP_STARTTLS", False)
    smtp_use_tls: bool = shared("SMTP_USE_TLS", False)
    smtp_from: str = shared("SMTP_FROM", "Cổng Dịch vụ công <no-reply@motcua.local>")
    smtp_timeout_seconds: float = 30.0

    # The dispatcher: how many messages one claim takes, and how many are sent at once.
    dispatcher_enabled: bool = True
    dispatch_batch_size: int = Field(50, ge=1)
    dispatch_concurrency: int = Field(10, ge=1)
    dispatch_poll_seconds: float = Field(2.0, gt=0)
    # A message left in `sending` this long (its sender crashed) is claimed again.
    dispatch_stale_after_seconds: float = Field(300.0, gt=0)

    # Retries: delay = base * 2^(attempt-1), capped, ± jitter; give up after max attempts or max age.
    retry_base_seconds: float = Field(30.0, gt=0)
    retry_max_delay_seconds: float = Field(3600.0, gt=0)
    retry_jitter: float = Field(0.1, ge=0, le=1)
    retry_max_attempts: int = Field(12, ge=1)
    retry_max_age_seconds: float = Field(48 * 3600.0, gt=0)

    @model_validator(mode="after")
    def _smtp_secrets(self) -> NotifySettings:
        if self.environment == "production" and self.smtp_username and not self.smtp_password:
            raise ValueError("SMTP_PASSWORD must be set when SMTP_USERNAME is")
        return self
