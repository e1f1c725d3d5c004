"""The public allowlist (what may pass without a token) and the verified-token cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.auth import CachingVerifier, InvalidToken, PublicAllowlist, bearer_from_header
from gateway.settings import DEFAULT_PUBLIC_ROUTES
from servicekit.auth import JWKSSource, TokenVerifier
from servicekit.testing import TokenFactory

ALLOW = PublicAllowlist(DEFAULT_PUBLIC_ROUTES)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/procedures"),
        ("GET", "/v1/procedures/1.001234"),
        ("HEAD", "/v1/procedures/1.001234"),
        ("GET", "/v1/agencies/000.00.00.H01"),
        ("GET", "/v1/sectors"),
        ("GET", "/v1/fields"),
        ("GET", "/v1/statistics/procedures/1.001234"),
        ("GET", "/v1/statistics/procedures.csv"),
        ("GET", "/v1/maintenance-windows"),  # R-OPS-1: the announcement is public
        ("GET", "/v1/lookup/H01.22-260101-0001"),
        ("POST", "/oidc/token"),
        ("GET", "/oidc/.well-known/openid-configuration"),
        ("POST", "/v1/accounts"),
        ("POST", "/v1/payment-gateways/vnpay/ipn"),
        ("GET", "/v1/payment-gateways/vnpay/ipn"),  # VNPay calls its IPN with a GET (R-FMT-6)
        ("GET", "/v1/payment-gateways/vnpay/return"),
        ("POST", "/v1/feedback"),
        ("GET", "/v1/feedback/public"),
        ("GET", "/v1/feedback/public/0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d90"),
        ("GET", "/v1/ratings/form"),
    ],
)
def test_public_requests(method: str, path: str) -> None:
    assert ALLOW.allows(method, path)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/procedures"),  # publishing a procedure is an official's act
        ("POST", "/v1/maintenance-windows"),  # scheduling is a system administrator's act
        ("GET", "/v1/dossiers"),
        ("GET", "/v1/lookup"),  # the public lookup needs a dossier code
        ("GET", "/v1/accounts/me"),
        ("POST", "/v1/accounts/123/roles"),
        ("DELETE", "/v1/payment-gateways/vnpay/ipn"),
        ("POST", "/v1/payment-gateways/bank-transfer/statements"),  # an officer imports statements
        ("GET", "/v1/feedback"),
        ("GET", "/v1/feedback/0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d90"),
        ("POST", "/v1/feedback/0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d90/answer"),
        ("GET", "/v1/ratings"),
        ("PUT", "/v1/ratings/0192f0c8-7a3e-7b1c-9d2e-3f4a5b6c7d90"),
        ("GET", "/v1/tasks"),
        ("DELETE", "/v1/agencies/x"),
    ],
)
def test_private_requests(method: str, path: str) -> None:
    assert not ALLOW.allows(method, path)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        (None, None),
        ("", None),
        ("Basic dXNlcjpwYXNz", None),
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer   abc ", "abc"),
        ("Bearer", ""),  # present but empty: refused as invalid, never treated as anonymous
    ],
)
def test_bearer_from_header(header: str | None, token: str | None) -> None:
    assert bearer_from_header(header) == token


@pytest.fixture
def factory(tmp_path: Path) -> TokenFactory:
    return TokenFactory(tmp_path)


def _verifier(factory: TokenFactory) -> CachingVerifier:
    source = JWKSSource(file=str(factory.jwks_file))
    return CachingVerifier(TokenVerifier(source, issuer=factory.issuer), max_entries=8)


async def test_verified_tokens_are_cached_and_bad_ones_refused(factory: TokenFactory) -> None:
    verifier = _verifier(factory)
    token = factory.mint("citizen-1")
    first = await verifier.verify(token)
    assert first.subject == "citizen-1"
    assert await verifier.verify(token) is first  # from the cache
    with pytest.raises(InvalidToken):
        await verifier.verify(factory.mint("citizen-2", expires_in=-600))
    with pytest.raises(InvalidToken):
        await verifier.verify(factory.mint("citizen-3", issuer="http://evil.example/oidc"))
    with pytest.raises(InvalidToken):
        await verifier.verify(token[:-4] + "AAAA")


async def test_cache_stays_bounded(factory: TokenFactory) -> None:
    verifier = _verifier(factory)
    for index in range(20):
        await verifier.verify(factory.mint(f"citizen-{index}"))
    assert len(verifier._cache) <= 8
