"""Bearer JWT verification against the identity issuer's JWKS, the ``Principal`` and role dependencies.

Access tokens (issued by identity, ES256/RS256) carry: ``iss``, ``sub``, ``exp``, ``iat``, ``acr``
(``LoA1``…``LoA3``), ``amr``, ``scope`` (space separated), and motcua claims ``kind``
(citizen/organisation/official/system), ``roles`` and ``agencies`` (agency codes), ``name``.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Collection, Coroutine, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
import structlog
from fastapi import Depends, Request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from servicekit.errors import Forbidden, Unauthenticated
from servicekit.i18n import Text

log = structlog.get_logger("servicekit.auth")

PrincipalKind = Literal["citizen", "organisation", "official", "system"]
ALGORITHMS = ("ES256", "RS256")
ACR_LEVELS = {"LoA1": 1, "LoA2": 2, "LoA3": 3}

INVALID_TOKEN = Text(
    "Mã truy cập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.",
    "The access token is invalid or expired; sign in again.",
)


@dataclass(frozen=True)
class Principal:
    """Who is calling, as read from a verified access token."""

    subject: str
    kind: PrincipalKind
    roles: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()
    acr: str = "LoA1"
    amr: tuple[str, ...] = ()
    scopes: frozenset[str] = frozenset()
    name: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def acr_level(self) -> int:
        return ACR_LEVELS.get(self.acr, 0)

    @property
    def is_applicant(self) -> bool:
        return self.kind in ("citizen", "organisation")

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def serves_agency(self, agency_code: str) -> bool:
        """Officials act only for their own agencies (object-level authorization)."""
        return agency_code in self.agencies

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        kind = claims.get("kind", "citizen")
        if kind not in ("citizen", "organisation", "official", "system"):
            raise ValueError("unknown principal kind")
        scope = claims.get("scope", "")
        return cls(
            subject=str(claims["sub"]),
            kind=kind,
            roles=frozenset(_strings(claims.get("roles"))),
            agencies=frozenset(_strings(claims.get("agencies"))),
            acr=str(claims.get("acr", "LoA1")),
            amr=tuple(_strings(claims.get("amr"))),
            scopes=frozenset(scope.split() if isinstance(scope, str) else _strings(scope)),
            name=claims.get("name"),
            claims=claims,
        )


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


class InvalidToken(Exception):
    pass


class SigningKeysUnavailable(InvalidToken):
    """The issuer's keys could not be loaded: not the caller's fault (answer 503, do not sign out)."""


class JWKSSource:
    """Keys of the issuer from a URL or a file, cached, reloaded when a token names an unknown ``kid``."""

    def __init__(self, *, url: str = "", file: str = "", min_refresh_interval: float = 30.0) -> None:
        if not url and not file:
            raise ValueError("a JWKS URL or file is required")
        self.url = url
        self.file = file
        self.min_refresh_interval = min_refresh_interval
        self._keys: KeySet | None = None
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def _load(self) -> KeySet:
        if self.file:
            data = json.loads(await asyncio.to_thread(Path(self.file).read_text))
        else:
            async with httpx.AsyncClient(timeout=5.0) as client:
                response = await client.get(self.url)
                response.raise_for_status()
                data = response.json()
        return KeySet.import_key_set(data)

    async def keys(self, *, kid: str | None) -> KeySet:
        async with self._lock:
            known = self._keys is not None and any(k.kid == kid for k in self._keys.keys)
            stale = time.monotonic() - self._loaded_at > self.min_refresh_interval
            if self._keys is None or (not known and stale):
                try:
                    self._keys = await self._load()
                    self._loaded_at = time.monotonic()
                except (OSError, httpx.HTTPError, ValueError) as exc:
                    log.warning("jwks_load_failed", error=str(exc))
                    if self._keys is None:
                        raise SigningKeysUnavailable("signing keys unavailable") from exc
            assert self._keys is not None
            return self._keys


class TokenVerifier:
    """Verifies compact JWS access tokens: signature, algorithm, ``iss``, ``exp``/``nbf``, ``aud``."""

    def __init__(self, jwks: JWKSSource, *, issuer: str, audience: str = "", leeway: int = 30) -> None:
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway

    async def verify(self, token: str) -> Principal:
        try:
            header = extract_compact(token.encode()).headers()
        except (JoseError, ValueError) as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken("algorithm not allowed")
        keys = await self.jwks.keys(kid=header.get("kid"))
        try:
            decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
            options: dict[str, Any] = {
                "iss": {"essential": True, "value": self.issuer},
                "sub": {"essential": True},
                "exp": {"essential": True},
            }
            if self.audience:
                options["aud"] = {"essential": True, "value": self.audience}
            jwt.JWTClaimsRegistry(leeway=self.leeway, **options).validate(decoded.claims)
            return Principal.from_claims(decoded.claims)
        except (JoseError, ValueError, KeyError) as exc:
            raise InvalidToken(str(exc)) from exc


class CachingTokenVerifier(TokenVerifier):
    """A ``TokenVerifier`` that remembers the tokens it verified, until their ``exp`` (at most
    ``max_age`` seconds): a token is immutable and signed, so it stays valid; clients reuse their access
    token for many requests, and each would otherwise cost an ECDSA verification."""

    def __init__(
        self,
        jwks: JWKSSource,
        *,
        issuer: str,
        audience: str = "",
        leeway: int = 30,
        max_entries: int = 10_000,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(jwks, issuer=issuer, audience=audience, leeway=leeway)
        self.max_entries = max_entries
        self.max_age = max_age
        self.clock = clock
        self._cache: dict[str, tuple[Principal, float]] = {}

    async def verify(self, token: str) -> Principal:
        now = self.clock()
        cached = self._cache.get(token)
        if cached is not None:
            if cached[1] > now:
                return cached[0]
            del self._cache[token]
        principal = await super().verify(token)
        until = min(float(principal.claims.get("exp", now)) + self.leeway, now + self.max_age)
        if len(self._cache) >= self.max_entries:
            # The oldest eighth goes: insertion order is age order in a dict.
            for stale in list(self._cache)[: max(1, self.max_entries // 8)]:
                del self._cache[stale]
        self._cache[token] = (principal, until)
        return principal


def bearer_token(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def optional_principal(request: Request) -> Principal | None:
    """The caller if a valid token was sent, else None; a present but invalid token is refused."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    token = bearer_token(request)
    if token is None:
        return None
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise Unauthenticated(INVALID_TOKEN)
    try:
        principal = await verifier.verify(token)
    except InvalidToken as exc:
        log.info("token_rejected", reason=str(exc))
        raise Unauthenticated(INVALID_TOKEN) from exc
    request.state.principal = principal
    structlog.contextvars.bind_contextvars(subject=principal.subject)
    return principal


async def current_principal(request: Request) -> Principal:
    principal = await optional_principal(request)
    if principal is None:
        raise Unauthenticated()
    return principal


def require(
    *,
    roles: Collection[str] = (),
    kinds: Collection[PrincipalKind] = (),
    min_acr: int = 0,
    scopes: Iterable[str] = (),
) -> Callable[[Request], Coroutine[Any, Any, Principal]]:
    """A dependency admitting principals with any of ``roles``, of one of ``kinds``, at ``min_acr``."""
    needed_scopes = frozenset(scopes)

    async def dependency(request: Request) -> Principal:
        principal = await current_principal(request)
        if kinds and principal.kind not in kinds:
            raise Forbidden()
        if roles and not principal.has_role(*roles):
            raise Forbidden()
        if needed_scopes and not needed_scopes <= principal.scopes:
            raise Forbidden()
        if principal.acr_level < min_acr:
            raise Forbidden(
                Text(
                    "Cần xác thực ở mức cao hơn (ví dụ mã OTP) để thực hiện thao tác này.",
                    "A stronger sign-in (for example an OTP) is required for this action.",
                ),
                headers={"WWW-Authenticate": _step_up_challenge(min_acr)},
            )
        return principal

    return dependency


def _step_up_challenge(min_acr: int) -> str:
    return f'Bearer error="insufficient_user_authentication", acr_values="LoA{min_acr}"'


PrincipalDep = Annotated[Principal, Depends(current_principal)]
OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]
ApplicantDep = Annotated[Principal, Depends(require(kinds=("citizen", "organisation")))]
OfficialDep = Annotated[Principal, Depends(require(kinds=("official",)))]
