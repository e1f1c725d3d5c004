"""Settings of the notify service (env prefix ``NOTIFY_``; SMTP_*, SMS_PROVIDER_* and SERVICE_BASE_URL_*
are shared, unprefixed names)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared

#: Development values only (the local stack and tests); production refuses to start with them.
DEV_SMS_DLR_TOKEN = "dev-sms-dlr-token"  # noqa: S105 - development value, see above
DEV_WEBHOOK_SECRETS_KEY = "dev-webhook-secrets-key-not-for-production"


class NotifySettings(ServiceSettings):
    service_name: ClassVar[str] = "notify"
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore", populate_by_name=True)

    portal_url: str = Field("http://localhost:8000", description="Link put in notices")
    # Where providers reach notify (delivery-report callbacks); empty: SERVICE_BASE_URL_NOTIFY.
    public_base_url: str = ""
    service_base_url_notify: str = shared("SERVICE_BASE_URL_NOTIFY", "http://127.0.0.1:8005")
    # Intake's public lookup (R-LOOK-1), asked when an SMS says "TRACUU <code>".
    service_base_url_intake: str = shared("SERVICE_BASE_URL_INTAKE", "http://127.0.0.1:8003")
    lookup_timeout_seconds: float = Field(5.0, gt=0)
    # Notify's own OAuth2 client at identity (client credentials, scope dossiers:lookup): intake then
    # gives SMS lookups a budget of their own. Empty secret: intake is asked anonymously, and every SMS
    # lookup shares the per-address limit of notify's address.
    service_base_url_identity: str = shared("SERVICE_BASE_URL_IDENTITY", "http://127.0.0.1:8001")
    lookup_client_id: str = "notify"
    lookup_client_secret: str = ""

    # Email over SMTP (shared names: the local stack's capture server or the ministry's relay).
    smtp_host: str = shared("SMTP_HOST", "localhost")
    smtp_port: int = shared("SMTP_PORT", 1025)
    smtp_username: str = shared("SMTP_USERNAME", "")
    smtp_password: str = shared("SMTP_PASSWORD", "")
    smtp_starttls: bool = shared("SMTP_STARTTLS", False)
    smtp_use_tls: bool = shared("SMTP_USE_TLS", False)
    smtp_from: str = shared("SMTP_FROM", "Cổng Dịch vụ công <no-reply@motcua.local>")
    smtp_timeout_seconds: float = 30.0

    # SMS through an eSMS-style brandname REST API; no URL: the SMS channel is off.
    sms_provider_url: str = shared("SMS_PROVIDER_URL", "")
    sms_provider_api_key: str = shared("SMS_PROVIDER_API_KEY", "")
    sms_provider_secret_key: str = shared("SMS_PROVIDER_SECRET_KEY", "")
    sms_provider_brandname: str = shared("SMS_PROVIDER_BRANDNAME", "")
    sms_provider_sms_type: str = shared("SMS_PROVIDER_SMS_TYPE", "2")
    # HMAC key of inbound (MO) webhook calls (X-Sim-Signature); empty: inbound SMS refused.
    sms_provider_mo_secret: str = shared("SMS_PROVIDER_MO_SECRET", "")
    sms_timeout_seconds: float = Field(10.0, gt=0)
    # Put in the delivery-report CallbackUrl (?token=…) and checked when the provider calls back.
    sms_dlr_token: str = DEV_SMS_DLR_TOKEN

    # Webhooks: per-subscription secrets are stored encrypted with a key derived from this value.
    webhook_secrets_key: str = DEV_WEBHOOK_SECRETS_KEY
    webhook_timeout_seconds: float = Field(10.0, gt=0)

    # Rate limits (sliding windows counted on the message table, so every replica agrees).
    otp_limit_per_address: int = Field(5, ge=1)
    otp_limit_window_seconds: int = Field(900, ge=1)
    sms_limit_per_recipient: int = Field(10, ge=1)
    sms_limit_window_seconds: int = Field(3600, ge=1)
    email_limit_per_recipient: int = Field(30, ge=1)
    email_limit_window_seconds: int = Field(3600, ge=1)
    inbound_limit_per_sender: int = Field(10, ge=1)
    inbound_limit_window_seconds: int = Field(3600, ge=1)

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

    @property
    def sms_enabled(self) -> bool:
        return bool(self.sms_provider_url)

    @property
    def callback_base_url(self) -> str:
        return (self.public_base_url or self.service_base_url_notify).rstrip("/")

    @model_validator(mode="after")
    def _secrets(self) -> NotifySettings:
        if self.environment != "production":
            return self
        if self.smtp_username and not self.smtp_password:
            raise ValueError("SMTP_PASSWORD must be set when SMTP_USERNAME is")
        if self.webhook_secrets_key == DEV_WEBHOOK_SECRETS_KEY or len(self.webhook_secrets_key) < 32:
            raise ValueError("NOTIFY_WEBHOOK_SECRETS_KEY must be set (32+ random characters) in production")
        if self.sms_enabled:
            if not (self.sms_provider_api_key and self.sms_provider_secret_key):
                raise ValueError("SMS_PROVIDER_API_KEY and SMS_PROVIDER_SECRET_KEY must be set")
            if self.sms_dlr_token == DEV_SMS_DLR_TOKEN or len(self.sms_dlr_token) < 24:
                raise ValueError("NOTIFY_SMS_DLR_TOKEN must be set (24+ random characters) in production")
            if not self.public_base_url.startswith("https://"):
                raise ValueError("NOTIFY_PUBLIC_BASE_URL (https) must be set for SMS delivery reports")
        return self
