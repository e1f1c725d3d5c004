"""Bearer token pre-validation and the public allowlist.

The gateway refuses what it can refuse cheaply (no token on a private route, a bad or expired token)
and forwards the Authorization header untouched: services verify the token again (defence in depth).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import structlog

from gateway.routing import PatternTable
from servicekit.auth import InvalidToken, Principal, TokenVerifier

log = structlog.get_logger("gateway.auth")


class PublicAllowlist:
    """Requests that may pass without a token (``"GET /v1/procedures*"``, ``"* /oidc/*"`` …)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._table = PatternTable((p, True) for p in patterns)

    def allows(self, method: str, path: str) -> bool:
        # A CORS-less HEAD is a GET without a body: public for the same paths.
        return bool(
            self._table.lookup(method, path) or (method == "HEAD" and self._table.lookup("GET", path))
        )


def bearer_from_header(value: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, else None (other schemes pass untouched)."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or ""


class CachingVerifier:
    """Wraps servicekit's ``TokenVerifier`` with a bounded cache of verified tokens.

    A token is immutable and signed, so a verified one stays valid until its ``exp``; caching spares
    an ECDSA verification per request for clients that reuse their access token (all of them).
    """

    def __init__(self, verifier: TokenVerifier, *, max_entries: int = 10_000, max_age: float = 300.0) -> None:
        self.verifier = verifier
        self.max_entries = max_entries
        self.max_age = max_age
        self._cache: dict[str, tuple[Principal, float]] = {}

    async def verify(self, token: str) -> Principal:
        now = time.time()
        cached = self._cache.get(token)
        if cached is not None:
            if cached[1] > now:
                return cached[0]
            del self._cache[token]
        principal = await self.verifier.verify(token)
        expires = float(principal.claims.get("exp", now))
        until = min(expires + self.verifier.leeway, now + self.max_age)
        if len(self._cache) >= self.max_entries:
            # Drop the oldest eighth: insertion order is age order in a dict.
            for stale in list(self._cache)[: max(1, self.max_entries // 8)]:
                del self._cache[stale]
        self._cache[token] = (principal, until)
        return principal


__all__ = ["CachingVerifier", "InvalidToken", "PublicAllowlist", "bearer_from_header"]
