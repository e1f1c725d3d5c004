"""What a running gateway holds: the tables built from settings and the pooled upstream client."""

from __future__ import annotations

from dataclasses import dataclass, field

import aiohttp
import structlog

from gateway.auth import CachingVerifier, PublicAllowlist
from gateway.routing import PatternTable, RouteTable
from gateway.settings import GatewaySettings, RateRule
from servicekit.auth import JWKSSource, TokenVerifier
from servicekit.ratelimit import MemoryRateLimiter, RedisRateLimiter, rate_limiter

log = structlog.get_logger("gateway")


@dataclass
class GatewayRuntime:
    settings: GatewaySettings
    routes: RouteTable
    upstreams: dict[str, str]
    allowlist: PublicAllowlist
    rate_rules: PatternTable[RateRule]
    body_limits: PatternTable[int]
    verifier: CachingVerifier
    limiter: MemoryRateLimiter | RedisRateLimiter | None = None
    session: aiohttp.ClientSession | None = None
    timeout: aiohttp.ClientTimeout = field(default_factory=aiohttp.ClientTimeout)

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> GatewayRuntime:
        jwks = JWKSSource(**settings.jwks_source())
        verifier = TokenVerifier(jwks, issuer=settings.oidc_issuer, audience=settings.oidc_audience)
        return cls(
            settings=settings,
            routes=RouteTable(settings.routes),
            upstreams=settings.upstreams(),
            allowlist=PublicAllowlist(settings.public_routes),
            rate_rules=PatternTable((rule.match, rule) for rule in settings.rate_limit_rules),
            body_limits=PatternTable(settings.body_limits.items()),
            verifier=CachingVerifier(verifier, max_entries=settings.token_cache_size),
            timeout=aiohttp.ClientTimeout(
                total=settings.request_timeout, sock_connect=settings.connect_timeout
            ),
        )

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=self.settings.pool_size,
            limit_per_host=self.settings.pool_size,
            keepalive_timeout=self.settings.upstream_keepalive,
            ttl_dns_cache=60,
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=self.timeout,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"),
        )
        if self.settings.rate_limit_enabled:
            self.limiter = rate_limiter(self.settings.redis_url)
        log.info(
            "gateway_started",
            upstreams=self.upstreams,
            rate_limiter=type(self.limiter).__name__ if self.limiter else None,
        )

    async def stop(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            await session.close()
        limiter, self.limiter = self.limiter, None
        if limiter is not None:
            await limiter.close()
        log.info("gateway_stopped")
