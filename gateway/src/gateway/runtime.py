"""What a running gateway holds: the tables built from settings and the pooled upstream client."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import aiohttp
import structlog

from gateway.auth import CachingVerifier, PublicAllowlist
from gateway.maintenance import ANNOUNCEMENT_PATH, MaintenanceSchedule, MaintenanceWatcher
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
    maintenance_exempt: PatternTable[bool]
    maintenance: MaintenanceSchedule = field(default_factory=MaintenanceSchedule)
    watcher: MaintenanceWatcher | None = None
    limiter: MemoryRateLimiter | RedisRateLimiter | None = None
    session: aiohttp.ClientSession | None = None
    timeout: aiohttp.ClientTimeout = field(default_factory=aiohttp.ClientTimeout)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

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
            maintenance_exempt=PatternTable((p, True) for p in settings.maintenance_exempt),
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
        announcer = self.routes.match(ANNOUNCEMENT_PATH)
        if self.settings.maintenance_enabled and announcer is not None:
            self.watcher = MaintenanceWatcher(
                self.maintenance,
                lambda: self.session,
                self.upstreams[announcer.service] + ANNOUNCEMENT_PATH,
                interval=self.settings.maintenance_poll_seconds,
                timeout=self.settings.maintenance_fetch_timeout,
            )
            await self.watcher.refresh()  # known before the first request, unless the catalog is down
            self.tasks.append(asyncio.create_task(self.watcher.run(), name="gateway-maintenance-watcher"))
        log.info(
            "gateway_started",
            upstreams=self.upstreams,
            rate_limiter=type(self.limiter).__name__ if self.limiter else None,
        )

    async def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()
        session, self.session = self.session, None
        if session is not None:
            await session.close()
        limiter, self.limiter = self.limiter, None
        if limiter is not None:
            await limiter.close()
        log.info("gateway_stopped")
