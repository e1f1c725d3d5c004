"""Gateway settings: ``GATEWAY_*`` env vars, plus the shared unprefixed ones (DESIGN §4).

Shared: ``SERVICE_BASE_URL_<SERVICE>`` (IDENTITY, CATALOG, INTAKE, WORKFLOW, NOTIFY, PAYMENTS, NATIONALSYNC;
defaults http://127.0.0.1:8001…8007), ``OIDC_ISSUER``, ``OIDC_JWKS_URL`` / ``OIDC_JWKS_FILE`` (default:
identity's ``/oidc/jwks``), ``OIDC_AUDIENCE``, ``REDIS_URL`` (counters shared by replicas; in memory
when empty), ``MOTCUA_ENV``, ``LOG_LEVEL``, ``LOG_JSON``.

Gateway's own, with their defaults:
- ``GATEWAY_ROUTES`` (JSON ``{"/v1/x": "service"}``, replaces DESIGN §6's table), ``GATEWAY_EXTRA_UPSTREAMS``
  (JSON ``{"service": "http://…"}`` for services outside the seven);
- ``GATEWAY_PUBLIC_ROUTES`` (JSON list of ``"METHOD /path-pattern"`` passed without a token);
- ``GATEWAY_CONNECT_TIMEOUT`` 3 s, ``GATEWAY_REQUEST_TIMEOUT`` 60 s (504 past it), ``GATEWAY_POOL_SIZE`` 512,
  ``GATEWAY_UPSTREAM_KEEPALIVE`` 4 s;
- ``GATEWAY_MAX_BODY_BYTES`` 10 MiB, ``GATEWAY_BODY_LIMITS`` (JSON ``{"METHOD /pattern": bytes}``, uploads
  to ``/v1/dossiers/*/documents*`` 50 MiB);
- ``GATEWAY_CORS_ORIGINS`` (JSON list), ``GATEWAY_CORS_ALLOW_CREDENTIALS``, ``GATEWAY_CORS_EXPOSE_HEADERS``;
- ``GATEWAY_RATE_LIMIT_ENABLED``, ``GATEWAY_RATE_LIMIT_RULES`` (JSON list of ``{"name", "match", "limit",
  "window"}``), ``GATEWAY_RATE_LIMIT_DEFAULT`` (600 per 60 s per client);
- ``GATEWAY_TOKEN_CACHE_SIZE``, ``GATEWAY_OPENAPI_TTL`` 30 s, ``GATEWAY_OPENAPI_FETCH_TIMEOUT`` 3 s,
  ``GATEWAY_PUBLIC_URL`` (OpenAPI ``servers``; from the request when empty), ``GATEWAY_ACCESS_LOG``
  (``errors`` | ``all``);
- ``GATEWAY_MAINTENANCE_ENABLED`` (true), ``GATEWAY_MAINTENANCE_POLL_SECONDS`` 5 s,
  ``GATEWAY_MAINTENANCE_FETCH_TIMEOUT`` 2 s, ``GATEWAY_MAINTENANCE_EXEMPT`` (JSON list of request patterns
  answered during a window; health, readiness, metrics and ``/v1/maintenance-windows*`` by default).

Tables given in the environment replace the default table whole. The client address used for rate
limits is uvicorn's ``scope["client"]``: behind a load balancer, run uvicorn with
``--forwarded-allow-ips=<its addresses>`` so that it is the real client's.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from servicekit.settings import Environment, shared

MIB = 1024 * 1024

# DESIGN §6: the public roots, which do not move.
DEFAULT_ROUTES: dict[str, str] = {
    "/oidc": "identity",
    "/v1/accounts": "identity",
    "/v1/agencies": "catalog",
    "/v1/sectors": "catalog",
    "/v1/fields": "catalog",
    "/v1/procedures": "catalog",
    "/v1/statistics": "catalog",
    "/v1/maintenance-windows": "catalog",
    "/v1/dossiers": "intake",
    "/v1/lookup": "intake",
    "/v1/reception": "intake",
    "/v1/feedback": "intake",
    "/v1/ratings": "intake",
    "/v1/tasks": "workflow",
    "/v1/processes": "workflow",
    "/v1/process-definitions": "workflow",
    "/v1/inbox": "notify",
    "/v1/notification-preferences": "notify",
    "/v1/messages": "notify",
    "/v1/templates": "notify",
    "/v1/webhooks": "notify",
    "/v1/payments": "payments",
    "/v1/refunds": "payments",
    "/v1/payment-gateways": "payments",
    "/v1/national-sync": "nationalsync",
}

# Requests allowed without a bearer token ("METHOD /path-pattern", see routing.RequestPattern).
DEFAULT_PUBLIC_ROUTES: list[str] = [
    "GET /v1/procedures*",
    "GET /v1/agencies*",
    "GET /v1/sectors*",
    "GET /v1/fields*",
    "GET /v1/statistics*",
    "GET /v1/maintenance-windows*",
    "GET /v1/lookup/*",
    "* /oidc/*",
    "POST /v1/accounts",
    # Finishing a registration and resetting a password happen before the user can sign in.
    "POST /v1/accounts/verification*",
    "POST /v1/accounts/password-reset*",
    # Payment gateways call back server to server (VNPay's IPN is a GET) and send browsers back.
    "GET /v1/payment-gateways/*/ipn",
    "POST /v1/payment-gateways/*/ipn",
    "GET /v1/payment-gateways/*/return",
    # Feedback without an account (R-FB-4; intake limits it per address and contact), the public Q&A,
    # and the rating form's criteria (R-FB-5).
    "POST /v1/feedback",
    "GET /v1/feedback/public*",
    "GET /v1/ratings/form",
]

# Answered normally during a maintenance window (R-OPS-1): probes, metrics and the announcement itself
# (administrators may end a window early through it).
DEFAULT_MAINTENANCE_EXEMPT: list[str] = [
    "* /healthz",
    "* /readyz",
    "* /metrics",
    "* /v1/maintenance-windows*",
]

# Larger bodies where files are uploaded; everything else gets ``max_body_bytes``.
DEFAULT_BODY_LIMITS: dict[str, int] = {
    "* /v1/dossiers/*/documents*": 50 * MIB,
}


class RateRule(BaseModel):
    """``limit`` requests per ``window`` seconds, per client, for requests matching ``match``."""

    name: str
    match: str = "*"
    limit: int = Field(gt=0)
    window: int = Field(gt=0)


# Sign-in, token and account (registration, OTP) calls are what an attacker hammers: keep them tight.
DEFAULT_RATE_RULES: list[RateRule] = [
    RateRule(name="oidc_token", match="POST /oidc/token", limit=30, window=60),
    RateRule(name="oidc_login", match="POST /oidc/login*", limit=20, window=60),
    RateRule(name="accounts_write", match="POST /v1/accounts*", limit=20, window=60),
    # Public lookup by dossier code (R-LOOK-1): no guessing of codes by the thousand.
    RateRule(name="dossier_lookup", match="GET /v1/lookup/*", limit=60, window=60),
    # A payment gateway calls back from a few addresses for every payer: far above one client's share.
    # Forged calls cost a signature check and are answered 97 (docs/payments.md).
    RateRule(name="payment_callbacks", match="* /v1/payment-gateways/*/ipn", limit=30000, window=60),
]


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    environment: Environment = shared("MOTCUA_ENV", "development")
    log_level: str = shared("LOG_LEVEL", "INFO")
    log_json: bool = shared("LOG_JSON", True)
    # "all": one line per request (servicekit's access log); "errors": only what the gateway answers
    # itself (401, 404, 413, 429, 502, 504 …). Proxied requests are logged by the service that served them,
    # under the same X-Request-ID, and counted in the gateway's metrics: a line per request here costs
    # ~15% of the gateway's CPU per request (docs/performance.md).
    access_log: Literal["all", "errors"] = "errors"

    # Upstreams (unprefixed, shared with the stack runner).
    service_base_url_identity: str = shared("SERVICE_BASE_URL_IDENTITY", "http://127.0.0.1:8001")
    service_base_url_catalog: str = shared("SERVICE_BASE_URL_CATALOG", "http://127.0.0.1:8002")
    service_base_url_intake: str = shared("SERVICE_BASE_URL_INTAKE", "http://127.0.0.1:8003")
    service_base_url_workflow: str = shared("SERVICE_BASE_URL_WORKFLOW", "http://127.0.0.1:8004")
    service_base_url_notify: str = shared("SERVICE_BASE_URL_NOTIFY", "http://127.0.0.1:8005")
    service_base_url_payments: str = shared("SERVICE_BASE_URL_PAYMENTS", "http://127.0.0.1:8006")
    service_base_url_nationalsync: str = shared("SERVICE_BASE_URL_NATIONALSYNC", "http://127.0.0.1:8007")
    extra_upstreams: dict[str, str] = {}
    routes: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_ROUTES))

    # The URL clients use to reach the gateway (OpenAPI ``servers``); empty = taken from the request.
    public_url: str = ""

    # Upstream HTTP client.
    connect_timeout: float = 3.0
    request_timeout: float = 60.0
    pool_size: int = 512
    # Below uvicorn's default 5 s keep-alive, so the pool never reuses a connection the upstream closed.
    upstream_keepalive: float = 4.0

    # Bodies.
    max_body_bytes: int = 10 * MIB
    body_limits: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_BODY_LIMITS))

    # CORS.
    cors_origins: list[str] = ["http://localhost:3000", "http://localhost:5173"]
    cors_allow_credentials: bool = True
    cors_expose_headers: list[str] = [
        "X-Request-ID",
        "ETag",
        "Location",
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "RateLimit-Policy",
        "Idempotent-Replayed",
    ]

    # Rate limits: the first matching rule applies, else the default one.
    rate_limit_enabled: bool = True
    rate_limit_rules: list[RateRule] = Field(default_factory=lambda: list(DEFAULT_RATE_RULES))
    rate_limit_default: RateRule = RateRule(name="default", limit=600, window=60)
    redis_url: str = shared("REDIS_URL", "")

    # Bearer tokens.
    oidc_issuer: str = shared("OIDC_ISSUER", "http://localhost:8000/oidc")
    oidc_jwks_url: str = shared("OIDC_JWKS_URL", "")
    oidc_jwks_file: str = shared("OIDC_JWKS_FILE", "")
    oidc_audience: str = shared("OIDC_AUDIENCE", "")
    public_routes: list[str] = Field(default_factory=lambda: list(DEFAULT_PUBLIC_ROUTES))
    token_cache_size: int = 10_000

    # Merged OpenAPI document.
    openapi_ttl: float = 30.0
    openapi_fetch_timeout: float = 3.0

    # Maintenance notices (R-OPS-1, ADR 18): windows polled from the service behind /v1/maintenance-windows.
    maintenance_enabled: bool = True
    maintenance_poll_seconds: float = Field(default=5.0, gt=0)
    maintenance_fetch_timeout: float = Field(default=2.0, gt=0)
    maintenance_exempt: list[str] = Field(default_factory=lambda: list(DEFAULT_MAINTENANCE_EXEMPT))

    @model_validator(mode="after")
    def _check(self) -> GatewaySettings:
        unknown = sorted(set(self.routes.values()) - set(self.upstreams()))
        if unknown:
            raise ValueError(f"routes name unknown upstreams: {', '.join(unknown)}")
        if self.environment == "production" and "*" in self.cors_origins and self.cors_allow_credentials:
            raise ValueError("GATEWAY_CORS_ORIGINS must list origins (not *) when credentials are allowed")
        return self

    def upstreams(self) -> dict[str, str]:
        """Service name → base URL (no trailing slash)."""
        base = {
            "identity": self.service_base_url_identity,
            "catalog": self.service_base_url_catalog,
            "intake": self.service_base_url_intake,
            "workflow": self.service_base_url_workflow,
            "notify": self.service_base_url_notify,
            "payments": self.service_base_url_payments,
            "nationalsync": self.service_base_url_nationalsync,
            **self.extra_upstreams,
        }
        return {name: url.rstrip("/") for name, url in base.items()}

    def jwks_source(self) -> dict[str, Any]:
        """Where the issuer's keys are: the file or URL given, else identity's JWKS endpoint directly."""
        if self.oidc_jwks_file:
            return {"file": self.oidc_jwks_file}
        return {"url": self.oidc_jwks_url or f"{self.upstreams()['identity']}/oidc/jwks"}
