"""Settings of the identity service (env prefix ``IDENTITY_``).

One code base plays two roles: the suite's OpenID Provider (``mode=suite``, issuer
``http://localhost:8000/oidc`` behind the gateway) and, locally and in tests, the national portal's
provider (``mode=national``: its own issuer, database, cookie names, ``/oauth2/*`` endpoints and the
national userinfo claim names of R-FMT-5).
"""

from __future__ import annotations

from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, shared

DEV_SECRET = "dev-only-identity-secret-change-me"  # noqa: S105 - refused in production


class IdentitySettings(ServiceSettings):
    service_name: ClassVar[str] = "identity"
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)

    mode: Literal["suite", "national"] = "suite"
    #: This provider's issuer; the suite's defaults to the shared OIDC_ISSUER.
    issuer: str = ""
    #: Path under which the OIDC endpoints live (``/oidc``, or ``/oauth2`` for the national portal).
    endpoint_prefix: str = ""
    #: Encrypts signing keys and TOTP secrets at rest, keys OTP hashes, signs CSRF tokens.
    secret_key: str = DEV_SECRET
    cookie_prefix: str = "motcua"
    display_name: str = "Cổng Dịch vụ công — Đăng nhập"

    signing_alg: Literal["ES256", "RS256"] = "ES256"
    key_rotation_days: int = 30
    access_token_ttl: int = 300
    id_token_ttl: int = 300
    refresh_token_ttl: int = 30 * 24 * 3600
    code_ttl: int = 60
    session_ttl: int = 8 * 3600
    interaction_ttl: int = 900

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    login_max_failures: int = 5
    lockout_minutes: int = 15
    login_rate_per_ip: int = 30
    login_rate_per_username: int = 10

    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_resend_cooldown: int = 60
    otp_sends_per_subject_hour: int = 5
    otp_sends_per_ip_hour: int = 30

    #: Where notify is (OTP delivery, ``POST /internal/v1/otp-deliveries``).
    notify_base_url: str = shared("SERVICE_BASE_URL_NOTIFY", "http://127.0.0.1:8005")
    #: The internal client whose system tokens identity mints for itself to call notify.
    internal_client_id: str = "identity-internal"

    #: Development only: a JWKS file whose keys are published with ours (the stack's `make token` key).
    dev_jwks_file: str = ""

    #: Upstream national portal provider (R-ID-2); federation is off when empty.
    federation_issuer: str = ""
    #: Where identity reaches the upstream from the server side (defaults to its issuer).
    federation_internal_url: str = ""
    federation_client_id: str = "motcua-portal"
    federation_client_secret: str = ""
    federation_silent_sso: bool = True

    @model_validator(mode="after")
    def _identity_defaults(self) -> IdentitySettings:
        if not self.issuer:
            self.issuer = self.oidc_issuer
        self.issuer = self.issuer.rstrip("/")
        if not self.endpoint_prefix:
            self.endpoint_prefix = urlsplit(self.issuer).path.rstrip("/") or "/oidc"
        if self.environment == "production" and self.secret_key == DEV_SECRET:
            raise ValueError("IDENTITY_SECRET_KEY must be set in production")
        if self.environment == "production":
            self.dev_jwks_file = ""
        return self

    @property
    def issuer_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def endpoint(self, name: str) -> str:
        """Absolute URL of one endpoint as clients see it (``authorize``, ``token`` …)."""
        return f"{self.issuer_origin}{self.endpoint_prefix}/{name}"

    @property
    def secure_cookies(self) -> bool:
        return self.issuer.startswith("https://")

    @property
    def federation_enabled(self) -> bool:
        return bool(self.federation_issuer) and self.mode == "suite"
