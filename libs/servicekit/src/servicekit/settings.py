"""Service settings: env vars prefixed by service, shared ones unprefixed (DESIGN §4)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]


def shared(name: str, default: Any = None, **kwargs: Any) -> Any:
    """A field read from an unprefixed env var shared by every service (e.g. KAFKA_BOOTSTRAP_SERVERS)."""
    return Field(default, validation_alias=AliasChoices(name, name.lower()), **kwargs)


class ServiceSettings(BaseSettings):
    """Base settings; each service subclasses it and sets ``service_name`` and the env prefix.

    ``<PREFIX>DATABASE_URL`` names the service's own database. When only the shared
    ``DATABASE_URL`` (a server URL) is set, the database ``motcua_<service>`` on that server is used.
    """

    service_name: ClassVar[str] = "service"
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Environment = shared("MOTCUA_ENV", "development")
    database_url: str = ""
    server_database_url: str = shared("DATABASE_URL", "")
    db_pool_size: int = 10
    kafka_bootstrap_servers: str = shared("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    kafka_cluster_id: str = shared("KAFKA_CLUSTER_ID", "")
    oidc_issuer: str = shared("OIDC_ISSUER", "http://localhost:8000/oidc")
    oidc_jwks_url: str = shared("OIDC_JWKS_URL", "")
    oidc_jwks_file: str = shared("OIDC_JWKS_FILE", "")
    oidc_audience: str = shared("OIDC_AUDIENCE", "")
    redis_url: str = shared("REDIS_URL", "")
    log_level: str = shared("LOG_LEVEL", "INFO")
    log_json: bool = shared("LOG_JSON", True)
    relay_enabled: bool = True
    consumers_enabled: bool = True
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.5
    outbox_retention_days: int = 7

    @model_validator(mode="after")
    def _derive_database_url(self) -> ServiceSettings:
        if not self.database_url:
            base = self.server_database_url or "postgresql://postgres@localhost:5432/postgres"
            self.database_url = database_url_for(base, f"motcua_{self.service_name}")
        self.database_url = asyncpg_url(self.database_url)
        if self.environment == "production" and not (self.oidc_jwks_url or self.oidc_jwks_file):
            raise ValueError("OIDC_JWKS_URL must be set in production")
        return self


def asyncpg_url(url: str) -> str:
    """Normalise a PostgreSQL URL to the SQLAlchemy asyncpg dialect."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def database_url_for(server_url: str, database: str) -> str:
    """Replace the database name in a server URL, keeping credentials, host and query."""
    # urlsplit, not partition("/"): a URL without a path may carry slashes in its query
    # (``?host=/run/postgresql``, ``?sslrootcert=/etc/ssl/ca.pem``).
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))
