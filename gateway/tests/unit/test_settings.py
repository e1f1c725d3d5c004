"""Settings from the environment: upstream URLs, tables as JSON, refusal of inconsistent tables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.settings import GatewaySettings


def test_defaults_follow_the_local_topology(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SERVICE_BASE_URL_INTAKE",
        "SERVICE_BASE_URL_NATIONALSYNC",
        "OIDC_JWKS_FILE",
        "OIDC_JWKS_URL",
        "REDIS_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = GatewaySettings()
    assert settings.upstreams()["intake"] == "http://127.0.0.1:8003"
    assert settings.upstreams()["payments"] == "http://127.0.0.1:8006"
    assert settings.upstreams()["nationalsync"] == "http://127.0.0.1:8007"
    assert settings.routes["/v1/national-sync"] == "nationalsync"
    assert settings.routes["/v1/lookup"] == "intake"
    assert settings.jwks_source() == {"url": "http://127.0.0.1:8001/oidc/jwks"}
    assert settings.max_body_bytes == 10 * 1024 * 1024
    assert settings.cors_origins == ["http://localhost:3000", "http://localhost:5173"]


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICE_BASE_URL_INTAKE", "http://intake.svc:8080/")
    monkeypatch.setenv("GATEWAY_ROUTES", '{"/v1/dossiers": "intake", "/v1/reports": "reports"}')
    monkeypatch.setenv("GATEWAY_EXTRA_UPSTREAMS", '{"reports": "http://reports.svc"}')
    monkeypatch.setenv(
        "GATEWAY_RATE_LIMIT_RULES",
        '[{"name": "otp", "match": "POST /v1/accounts/*/otp", "limit": 5, "window": 300}]',
    )
    monkeypatch.setenv("GATEWAY_CORS_ORIGINS", '["https://dichvucong.example.vn"]')
    monkeypatch.setenv("OIDC_JWKS_FILE", "/etc/motcua/jwks.json")
    monkeypatch.setenv("REDIS_URL", "redis://redis:6379/0")
    settings = GatewaySettings()
    assert settings.upstreams()["intake"] == "http://intake.svc:8080"
    assert settings.upstreams()["reports"] == "http://reports.svc"
    assert settings.rate_limit_rules[0].limit == 5
    assert settings.cors_origins == ["https://dichvucong.example.vn"]
    assert settings.jwks_source() == {"file": "/etc/motcua/jwks.json"}
    assert settings.redis_url == "redis://redis:6379/0"


def test_a_route_to_an_unknown_service_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown upstreams: reports"):
        GatewaySettings(routes={"/v1/reports": "reports"})
