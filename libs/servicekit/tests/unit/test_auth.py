"""Bearer tokens from the identity issuer: verification, the Principal, and role/LoA requirements."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from servicekit.auth import (
    CachingTokenVerifier,
    InvalidToken,
    JWKSSource,
    OptionalPrincipalDep,
    Principal,
    PrincipalDep,
    TokenVerifier,
    require,
)
from servicekit.errors import install_error_handlers
from servicekit.http import RequestContextMiddleware
from servicekit.testing import TokenFactory

ReceptionOfficer = Annotated[Principal, Depends(require(roles={"reception_officer"}))]
SteppedUp = Annotated[Principal, Depends(require(min_acr=2))]


@pytest.fixture
def tokens(tmp_path: Path) -> TokenFactory:
    """An issuer of our own: some tests rotate its JWKS file."""
    return TokenFactory(tmp_path)


@pytest.fixture
def other_issuer(tmp_path: Path) -> TokenFactory:
    """Someone else's issuer: well-formed tokens signed by a key we never published."""
    (tmp_path / "other").mkdir()
    return TokenFactory(tmp_path / "other")


@pytest.fixture
def verifier(tokens: TokenFactory) -> TokenVerifier:
    return TokenVerifier(JWKSSource(file=str(tokens.jwks_file), min_refresh_interval=0), issuer=tokens.issuer)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def claims(tokens: TokenFactory, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": tokens.issuer,
        "sub": "citizen-7",
        "iat": now,
        "exp": now + 600,
        "kind": "citizen",
        "acr": "LoA2",
        **changes,
    }


def unsigned_token(header: dict[str, Any], payload: dict[str, Any], signature: bytes = b"") -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(signature)}"


def hs256_token(tokens: TokenFactory) -> str:
    """Algorithm confusion: an HMAC token keyed with the issuer's *public* key, which anyone can read."""
    header = {"alg": "HS256", "kid": tokens.key.kid, "typ": "JWT"}
    body = claims(tokens)
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(body).encode())}"
    secret = tokens.jwks_file.read_bytes()
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def forged_with_same_kid(tokens: TokenFactory) -> str:
    kid = tokens.key.kid or ""
    impostor = ECKey.generate_key("P-256", parameters={"kid": kid, "alg": "ES256"})
    return jwt.encode({"alg": "ES256", "kid": kid}, claims(tokens), impostor)


def rejected_tokens(tokens: TokenFactory, other_issuer: TokenFactory) -> dict[str, str]:
    return {
        "expired": tokens.mint(expires_in=-120),
        "wrong-issuer": tokens.mint(issuer="https://evil.example/oidc"),
        "other-issuers-key": other_issuer.mint(),
        "same-kid-other-key": forged_with_same_kid(tokens),
        "alg-none": unsigned_token({"alg": "none", "kid": tokens.key.kid}, claims(tokens)),
        "hs256": hs256_token(tokens),
        "garbage": "not-a-token",
        "three-garbage-parts": "a.b.c",
        "no-subject": jwt.encode(
            {"alg": "ES256", "kid": tokens.key.kid},
            {k: v for k, v in claims(tokens).items() if k != "sub"},
            tokens.key,
        ),
        "unknown-kind": tokens.mint(kind="robot"),
    }


REJECTED = [
    "expired",
    "wrong-issuer",
    "other-issuers-key",
    "same-kid-other-key",
    "alg-none",
    "hs256",
    "garbage",
    "three-garbage-parts",
    "no-subject",
    "unknown-kind",
]


# -- verification ----------------------------------------------------------------------------------


async def test_a_valid_token_gives_the_principal_it_describes(
    tokens: TokenFactory, verifier: TokenVerifier
) -> None:
    token = tokens.mint(
        "official-9",
        kind="official",
        roles=["reception_officer", "processing_officer"],
        agencies=["000.00.00.H01"],
        acr="LoA3",
        name="Hoàng Văn Em",
    )
    principal = await verifier.verify(token)
    assert principal.subject == "official-9"
    assert principal.kind == "official"
    assert principal.roles == {"reception_officer", "processing_officer"}
    assert principal.agencies == {"000.00.00.H01"}
    assert (principal.acr, principal.acr_level) == ("LoA3", 3)
    assert principal.amr == ("pwd", "otp")
    assert principal.scopes == {"openid"}
    assert principal.name == "Hoàng Văn Em"
    assert principal.has_role("reception_officer") and not principal.has_role("leader")
    assert principal.serves_agency("000.00.00.H01") and not principal.serves_agency("000.00.00.H02")
    assert not principal.is_applicant


async def test_a_token_expired_within_the_clock_skew_leeway_is_still_accepted(
    tokens: TokenFactory, verifier: TokenVerifier
) -> None:
    principal = await verifier.verify(tokens.mint("citizen-1", expires_in=-10))
    assert principal.subject == "citizen-1"
    assert principal.is_applicant


@pytest.mark.parametrize("case", REJECTED)
async def test_untrustworthy_tokens_are_rejected(
    tokens: TokenFactory, verifier: TokenVerifier, other_issuer: TokenFactory, case: str
) -> None:
    with pytest.raises(InvalidToken):
        await verifier.verify(rejected_tokens(tokens, other_issuer)[case])


class CountingKeys(JWKSSource):
    """The issuer's keys, counting how often a verification needed them."""

    lookups = 0

    async def keys(self, *, kid: str | None) -> Any:
        self.lookups += 1
        return await super().keys(kid=kid)


async def test_a_verified_token_is_remembered_for_a_while(tokens: TokenFactory) -> None:
    now = [1_000_000.0]
    keys = CountingKeys(file=str(tokens.jwks_file), min_refresh_interval=0)
    caching = CachingTokenVerifier(keys, issuer=tokens.issuer, max_age=60, clock=lambda: now[0])
    token = tokens.mint("official-1", kind="official", expires_in=600)
    first = await caching.verify(token)
    assert await caching.verify(token) is first and keys.lookups == 1
    now[0] += 61  # past max_age: verified again
    assert (await caching.verify(token)).subject == "official-1" and keys.lookups == 2
    with pytest.raises(InvalidToken):  # a bad token is never remembered as good
        await caching.verify(token[:-4] + "AAAA")


async def test_the_audience_is_enforced_when_configured(tokens: TokenFactory) -> None:
    source = JWKSSource(file=str(tokens.jwks_file))
    verifier = TokenVerifier(source, issuer=tokens.issuer, audience="motcua-intake")
    assert (await verifier.verify(tokens.mint("c-1", aud="motcua-intake"))).subject == "c-1"
    with pytest.raises(InvalidToken):
        await verifier.verify(tokens.mint("c-1", aud="motcua-payments"))
    with pytest.raises(InvalidToken):
        await verifier.verify(tokens.mint("c-1"))


# -- JWKS rotation ---------------------------------------------------------------------------------


def rotate(tokens: TokenFactory, kid: str) -> ECKey:
    """The issuer publishes a new signing key next to the old one."""
    new_key = ECKey.generate_key("P-256", parameters={"kid": kid, "use": "sig", "alg": "ES256"})
    tokens.jwks_file.write_text(json.dumps(KeySet([tokens.key, new_key]).as_dict(private=False)))
    return new_key


async def test_a_token_signed_with_a_newly_published_key_is_accepted_after_reloading_the_jwks(
    tokens: TokenFactory, verifier: TokenVerifier
) -> None:
    await verifier.verify(tokens.mint())  # keys loaded and cached
    new_key = rotate(tokens, "rotated-2026")
    token = jwt.encode({"alg": "ES256", "kid": "rotated-2026"}, claims(tokens, sub="c-2"), new_key)
    assert (await verifier.verify(token)).subject == "c-2"
    assert (await verifier.verify(tokens.mint("c-3"))).subject == "c-3"  # the old key still works


async def test_unknown_kids_do_not_reload_the_jwks_more_often_than_the_minimum_interval(
    tokens: TokenFactory,
) -> None:
    verifier = TokenVerifier(
        JWKSSource(file=str(tokens.jwks_file), min_refresh_interval=3600), issuer=tokens.issuer
    )
    await verifier.verify(tokens.mint())
    new_key = rotate(tokens, "rotated-later")
    token = jwt.encode({"alg": "ES256", "kid": "rotated-later"}, claims(tokens), new_key)
    # A flood of tokens with made-up kids cannot make every request re-read the key set.
    with pytest.raises(InvalidToken):
        await verifier.verify(token)


async def test_cached_keys_keep_working_when_the_jwks_becomes_unreadable(
    tokens: TokenFactory, verifier: TokenVerifier
) -> None:
    await verifier.verify(tokens.mint())
    tokens.jwks_file.write_text("{ truncated")
    assert (await verifier.verify(tokens.mint("c-4"))).subject == "c-4"
    tokens.jwks_file.unlink()
    assert (await verifier.verify(tokens.mint("c-5"))).subject == "c-5"


async def test_no_token_is_trusted_when_the_keys_were_never_available(tmp_path: Path) -> None:
    verifier = TokenVerifier(JWKSSource(file=str(tmp_path / "missing.json")), issuer="http://issuer")
    tokens = TokenFactory(tmp_path)
    with pytest.raises(InvalidToken, match="signing keys unavailable"):
        await verifier.verify(tokens.mint())


def test_a_jwks_source_needs_a_url_or_a_file() -> None:
    with pytest.raises(ValueError, match="JWKS"):
        JWKSSource()


# -- over HTTP -------------------------------------------------------------------------------------


def build_app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, access_log_enabled=False)
    app.state.token_verifier = verifier

    @app.get("/me")
    async def me(principal: PrincipalDep) -> dict[str, str]:
        return {"subject": principal.subject, "kind": principal.kind}

    @app.get("/public")
    async def public(principal: OptionalPrincipalDep) -> dict[str, str | None]:
        return {"subject": principal.subject if principal else None}

    @app.post("/desk/receipts")
    async def receive(principal: ReceptionOfficer) -> dict[str, str]:
        return {"received_by": principal.subject}

    @app.post("/payments")
    async def pay(principal: SteppedUp) -> dict[str, str]:
        return {"payer": principal.subject}

    return app


@pytest.fixture
async def client(verifier: TokenVerifier) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(verifier), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_a_request_with_a_valid_token_sees_its_principal(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    response = await client.get("/me", headers=tokens.headers("citizen-1"))
    assert response.status_code == 200
    assert response.json() == {"subject": "citizen-1", "kind": "citizen"}


@pytest.mark.parametrize("authorization", [None, "Basic dXNlcjpwYXNz", "Bearer ", "Bearer"])
async def test_without_a_bearer_token_the_caller_must_sign_in(
    client: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = await client.get("/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == 'Bearer realm="motcua"'
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert (body["title"], body["detail"]) == ("Chưa xác thực", "Cần đăng nhập để thực hiện thao tác này.")


@pytest.mark.parametrize("case", REJECTED)
async def test_an_untrustworthy_token_is_a_401_problem_asking_to_sign_in_again(
    client: httpx.AsyncClient, tokens: TokenFactory, other_issuer: TokenFactory, case: str
) -> None:
    token = rejected_tokens(tokens, other_issuer)[case]
    response = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="motcua"'
    assert response.json()["detail"] == "Mã truy cập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại."

    english = await client.get("/me", headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    assert english.json()["detail"] == "The access token is invalid or expired; sign in again."


async def test_an_optional_principal_is_anonymous_without_a_token_but_a_bad_token_is_refused(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    assert (await client.get("/public")).json() == {"subject": None}
    assert (await client.get("/public", headers=tokens.headers("c-9"))).json() == {"subject": "c-9"}
    expired = tokens.headers("c-9", expires_in=-120)
    assert (await client.get("/public", headers=expired)).status_code == 401


async def test_a_citizen_cannot_use_an_officers_endpoint(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    response = await client.post("/desk/receipts", headers=tokens.headers("citizen-1"))
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden"
    assert (body["title"], body["detail"]) == ("Không có quyền", "Bạn không có quyền thực hiện thao tác này.")


async def test_an_officer_with_the_role_can(client: httpx.AsyncClient, tokens: TokenFactory) -> None:
    headers = tokens.headers("officer-1", kind="official", roles=["reception_officer"], agencies=["H01"])
    response = await client.post("/desk/receipts", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"received_by": "officer-1"}


async def test_a_loa1_sign_in_must_step_up_before_paying(
    client: httpx.AsyncClient, tokens: TokenFactory
) -> None:
    response = await client.post("/payments", headers=tokens.headers("citizen-1", acr="LoA1"))
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        'Bearer error="insufficient_user_authentication", acr_values="LoA2"'
    )
    assert response.json()["detail"] == "Cần xác thực ở mức cao hơn (ví dụ mã OTP) để thực hiện thao tác này."

    stepped_up = await client.post("/payments", headers=tokens.headers("citizen-1", acr="LoA2"))
    assert stepped_up.status_code == 200
