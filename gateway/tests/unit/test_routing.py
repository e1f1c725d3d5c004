"""Routing by prefix (DESIGN §6 roots) and the request-pattern language of the gateway's tables."""

from __future__ import annotations

import pytest

from gateway.routing import PatternTable, RequestPattern, RouteTable, compile_path_pattern, path_under
from gateway.settings import DEFAULT_RATE_RULES, DEFAULT_ROUTES

TABLE = RouteTable(DEFAULT_ROUTES)


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/oidc/token", "identity"),
        ("/oidc/.well-known/openid-configuration", "identity"),
        ("/v1/accounts", "identity"),
        ("/v1/procedures", "catalog"),
        ("/v1/procedures/", "catalog"),
        ("/v1/procedures/1.001234/versions", "catalog"),
        ("/v1/statistics/procedures", "catalog"),
        ("/v1/maintenance-windows", "catalog"),
        ("/v1/dossiers/H01.22-260101-0001/documents", "intake"),
        ("/v1/lookup/H01.22-260101-0001", "intake"),
        ("/v1/process-definitions/x", "workflow"),
        ("/v1/processes/x", "workflow"),
        ("/v1/webhooks", "notify"),
        ("/v1/payment-gateways/vnpay/ipn", "payments"),
    ],
)
def test_default_table_sends_each_public_root_to_its_service(path: str, service: str) -> None:
    route = TABLE.match(path)
    assert route is not None
    assert route.service == service


@pytest.mark.parametrize(
    "path", ["/", "/v1", "/v1/", "/v1/proceduresx", "/v1/procedure", "/oidcx/token", "/x"]
)
def test_unknown_paths_and_partial_segments_match_nothing(path: str) -> None:
    assert TABLE.match(path) is None


def test_longest_prefix_wins() -> None:
    table = RouteTable({"/v1/dossiers": "intake", "/v1/dossiers/exports": "reports", "/v1": "legacy"})
    assert table.match("/v1/dossiers/exports/2026").service == "reports"  # type: ignore[union-attr]
    assert table.match("/v1/dossiers/exportsx").service == "intake"  # type: ignore[union-attr]
    assert table.match("/v1/tasks").service == "legacy"  # type: ignore[union-attr]


def test_prefixes_are_normalised_and_root_refused() -> None:
    assert RouteTable({"v1/x/": "a"}).match("/v1/x/y").prefix == "/v1/x"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        RouteTable({"/": "a"})


def test_prefixes_of_a_service() -> None:
    assert TABLE.prefixes_of("payments") == ["/v1/payment-gateways", "/v1/payments", "/v1/refunds"]
    assert path_under("/v1/payments/1", TABLE.prefixes_of("payments"))
    assert not path_under("/v1/paymentsx", TABLE.prefixes_of("payments"))


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("/v1/procedures*", "/v1/procedures", True),
        ("/v1/procedures*", "/v1/procedures/1.00/forms", True),
        ("/v1/procedures*", "/v1/proceduresx", False),
        ("/oidc/*", "/oidc/token", True),
        ("/oidc/*", "/oidc/.well-known/openid-configuration", True),
        ("/oidc/*", "/oidc", False),
        ("/v1/payment-gateways/*/ipn", "/v1/payment-gateways/vnpay/ipn", True),
        ("/v1/payment-gateways/*/ipn", "/v1/payment-gateways/a/b/ipn", False),
        ("/v1/payment-gateways/*/ipn", "/v1/payment-gateways/vnpay/ipn/x", False),
        ("/v1/dossiers/*/documents*", "/v1/dossiers/D1/documents/abc", True),
        ("/v1/**", "/v1/a/b/c", True),
        ("/v1/accounts", "/v1/accounts/me", False),
    ],
)
def test_path_patterns(pattern: str, path: str, matches: bool) -> None:
    assert (compile_path_pattern(pattern).match(path) is not None) is matches


def test_request_patterns_with_methods() -> None:
    assert RequestPattern.parse("GET|HEAD /v1/x").matches("HEAD", "/v1/x")
    assert not RequestPattern.parse("GET /v1/x").matches("POST", "/v1/x")
    assert RequestPattern.parse("* /v1/x").matches("DELETE", "/v1/x")
    assert RequestPattern.parse("/v1/x").matches("PATCH", "/v1/x")
    with pytest.raises(ValueError):
        RequestPattern.parse("GET v1/x")


def test_pattern_table_first_match_wins() -> None:
    table = PatternTable([("POST /v1/accounts*", 1), ("* /v1/**", 2)])
    assert table.lookup("POST", "/v1/accounts/otp") == 1
    assert table.lookup("GET", "/v1/accounts") == 2
    assert table.lookup("GET", "/oidc/token") is None
    assert len(table) == 2


def test_payment_gateway_callbacks_have_their_own_generous_rate_rule() -> None:
    table = PatternTable((rule.match, rule) for rule in DEFAULT_RATE_RULES)
    for method in ("GET", "POST"):
        rule = table.lookup(method, "/v1/payment-gateways/vnpay/ipn")
        assert rule is not None and rule.name == "payment_callbacks" and rule.limit >= 6000
    assert table.lookup("GET", "/v1/payment-gateways/vnpay/return") is None  # a browser: the default share
