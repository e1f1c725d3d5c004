"""Service settings from the environment: prefixed per service, shared ones unprefixed (DESIGN §4)."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings, asyncpg_url, database_url_for


class IntakeSettings(ServiceSettings):
    service_name: ClassVar[str] = "intake"
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore", populate_by_name=True)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets is in the environment (never the developer's machine settings)."""
    for name in (
        "DATABASE_URL",
        "INTAKE_DATABASE_URL",
        "MOTCUA_ENV",
        "KAFKA_BOOTSTRAP_SERVERS",
        "KAFKA_CLUSTER_ID",
        "OIDC_ISSUER",
        "OIDC_JWKS_URL",
        "OIDC_JWKS_FILE",
        "INTAKE_CONSUMER_MAX_ATTEMPTS",
        "INTAKE_RELAY_ENABLED",
    ):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_the_services_own_database_url_wins_over_the_shared_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://shared@db:5432/postgres")
    monkeypatch.setenv("INTAKE_DATABASE_URL", "postgresql://intake:pw@intake-db:5432/intake_prod")
    assert IntakeSettings().database_url == "postgresql+asyncpg://intake:pw@intake-db:5432/intake_prod"


def test_a_shared_server_url_gives_the_service_its_own_database_keeping_credentials_and_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://motcua:s%40cret@db.internal:5433/postgres?ssl=require")
    assert (
        IntakeSettings().database_url
        == "postgresql+asyncpg://motcua:s%40cret@db.internal:5433/motcua_intake?ssl=require"
    )


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ("postgres://u:p@h:5432", "postgresql+asyncpg://u:p@h:5432/motcua_intake"),
        ("postgresql://u@h/", "postgresql+asyncpg://u@h/motcua_intake"),
        ("postgresql://h?host=/run/pg", "postgresql+asyncpg://h/motcua_intake?host=/run/pg"),
        ("postgresql+asyncpg://u@h/other", "postgresql+asyncpg://u@h/motcua_intake"),
    ],
)
def test_server_url_shapes_map_to_the_service_database(
    monkeypatch: pytest.MonkeyPatch, server: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", server)
    assert IntakeSettings().database_url == expected


def test_without_any_database_setting_the_local_server_is_used() -> None:
    assert IntakeSettings().database_url == "postgresql+asyncpg://postgres@localhost:5432/motcua_intake"


def test_shared_settings_are_read_unprefixed_and_own_settings_prefixed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092")
    monkeypatch.setenv("OIDC_ISSUER", "https://id.motcua.gov.vn/oidc")
    monkeypatch.setenv("INTAKE_CONSUMER_MAX_ATTEMPTS", "7")
    monkeypatch.setenv("INTAKE_RELAY_ENABLED", "false")
    settings = IntakeSettings()
    assert settings.kafka_bootstrap_servers == "kafka-0:9092,kafka-1:9092"
    assert settings.oidc_issuer == "https://id.motcua.gov.vn/oidc"
    assert settings.consumer_max_attempts == 7
    assert settings.relay_enabled is False


def test_explicit_arguments_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "from-env:9092")
    settings = IntakeSettings(kafka_bootstrap_servers="explicit:9092", database_url="postgresql://t@h/x")
    assert settings.kafka_bootstrap_servers == "explicit:9092"
    assert settings.database_url == "postgresql+asyncpg://t@h/x"


def test_production_refuses_to_start_without_a_jwks_to_verify_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTCUA_ENV", "production")
    with pytest.raises(ValidationError, match="OIDC_JWKS_URL must be set in production"):
        IntakeSettings()


@pytest.mark.parametrize("variable", ["OIDC_JWKS_URL", "OIDC_JWKS_FILE"])
def test_production_starts_with_a_jwks_url_or_file(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv("MOTCUA_ENV", "production")
    monkeypatch.setenv(
        variable, "https://id.motcua.gov.vn/oidc/jwks" if "URL" in variable else "/etc/jwks.json"
    )
    assert IntakeSettings().environment == "production"


def test_development_runs_without_a_jwks() -> None:
    settings = IntakeSettings()
    assert settings.environment == "development"
    assert settings.oidc_jwks_url == settings.oidc_jwks_file == ""


def test_url_helpers_keep_everything_but_the_driver_or_database() -> None:
    assert asyncpg_url("postgres://a:b@h:1/d?x=1") == "postgresql+asyncpg://a:b@h:1/d?x=1"
    assert asyncpg_url("postgresql+asyncpg://h/d") == "postgresql+asyncpg://h/d"
    assert asyncpg_url("sqlite:///x.db") == "sqlite:///x.db"
    assert (
        database_url_for("postgresql://a:b@h:1/d?x=1&y=2", "motcua_x")
        == "postgresql://a:b@h:1/motcua_x?x=1&y=2"
    )
