"""Settings of the intake service (env prefix ``INTAKE_``; ``SERVICE_BASE_URL_*`` are shared names)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared

#: Development value of intake's client secret at identity (the local stack seeds the same value);
#: production refuses to start with it.
DEV_CLIENT_SECRET = "dev-intake-client-secret-change-me"  # noqa: S105 - development value, see above


class IntakeSettings(ServiceSettings):
    service_name: ClassVar[str] = "intake"
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", populate_by_name=True)

    # Other services, reached directly (not through the gateway).
    service_base_url_catalog: str = shared("SERVICE_BASE_URL_CATALOG", "http://127.0.0.1:8002")
    service_base_url_identity: str = shared("SERVICE_BASE_URL_IDENTITY", "http://127.0.0.1:8001")
    # Identity's endpoints live under the issuer's path (``/oidc``).
    identity_endpoint_prefix: str = "/oidc"
    http_timeout_seconds: float = Field(5.0, gt=0)
    # Intake's own OAuth2 client at identity (client credentials, scope identity:otp) for R-ID-3.
    client_id: str = "intake"
    client_secret: str = DEV_CLIENT_SECRET
    otp_channel: Literal["sms", "email"] = "sms"

    # Catalogue answers are cached: a published version never changes (R-CAT-5); lists inlined in
    # schemas, agencies and calendars may, so they live a while only.
    catalog_cache_size: int = Field(512, ge=16)
    catalog_ttl_seconds: float = Field(300.0, ge=0)
    in_force_ttl_seconds: float = Field(60.0, ge=0)

    # Files: a local directory by default, or an S3-compatible bucket.
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: str = ".data/intake-files"
    s3_endpoint_url: str = ""
    s3_bucket: str = "motcua-intake"
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    # A file of a component with no announced limit may be this large; chunks of resumable uploads
    # at most this large each; unfinished uploads expire after this long.
    default_max_file_mb: int = Field(10, ge=1, le=100)
    max_chunk_mb: int = Field(8, ge=1, le=64)
    upload_expiry_hours: int = Field(24, ge=1)

    # Organisations sign with a digital signature (R-ID-3), checked against these trust anchors
    # (PEM or DER files, or directories of them).
    signature_trust_roots: list[str] = Field(default_factory=list)

    # Public lookup by code (R-LOOK-1): requests per client address per minute, in this process.
    lookup_rate_per_minute: int = Field(30, ge=1)
    # The same for a service with the dossiers:lookup scope (notify answering SMS lookups for everyone).
    lookup_service_rate_per_minute: int = Field(1200, ge=1)

    # Citizens' feedback (R-FB-4) and satisfaction ratings (R-FB-5).
    feedback_answer_working_days: int = Field(3, ge=1, le=30)
    feedback_watch_interval_seconds: float = Field(60.0, gt=0)
    feedback_catalog_ttl_seconds: float = Field(300.0, ge=0)
    # Feedback without an account: per client address per hour, per email or phone per day.
    feedback_anonymous_per_hour: int = Field(5, ge=1)
    feedback_per_contact_day: int = Field(10, ge=1)
    feedback_per_account_day: int = Field(30, ge=1)
    # The gateway's addresses (or CIDR networks): from them, the client is the X-Forwarded-For hop it added.
    trusted_proxies: list[str] = shared("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    # How long after the first rating the applicant may still change it.
    rating_edit_days: int = Field(7, ge=0, le=365)

    @property
    def identity_token_url(self) -> str:
        return f"{self.service_base_url_identity.rstrip('/')}{self.identity_endpoint_prefix}/token"

    @model_validator(mode="after")
    def _production(self) -> IntakeSettings:
        if self.environment == "production" and (
            self.client_secret == DEV_CLIENT_SECRET or len(self.client_secret) < 24
        ):
            raise ValueError("INTAKE_CLIENT_SECRET must be set (24+ random characters) in production")
        return self
