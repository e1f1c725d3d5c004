"""Fixed-window rate limiting, in memory (one process) or in Redis (shared by every replica).

Windows are aligned to the clock (``floor(now / window)``), so every replica and both backends agree on
when a window ends, and ``Retry-After`` is exact. A fixed window lets a client send up to twice the limit
around a window boundary; for the limits we set (sign-in attempts per minute) that is acceptable and
far cheaper than a sliding log.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import structlog

log = structlog.get_logger("servicekit.ratelimit")


@dataclass(frozen=True, slots=True)
class Decision:
    """Outcome of one hit: whether it is allowed and what to tell the client in ``RateLimit-*``."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the window ends

    @property
    def retry_after(self) -> int:
        """Whole seconds to wait (``Retry-After``), at least 1."""
        return max(1, math.ceil(self.reset_after))

    def headers(self, window: int) -> list[tuple[str, str]]:
        """``RateLimit-Limit/Remaining/Reset/Policy`` (IETF draft), plus ``Retry-After`` when refused."""
        out = [
            ("RateLimit-Limit", str(self.limit)),
            ("RateLimit-Remaining", str(self.remaining)),
            ("RateLimit-Reset", str(self.retry_after)),
            ("RateLimit-Policy", f"{self.limit};w={window}"),
        ]
        if not self.allowed:
            out.append(("Retry-After", str(self.retry_after)))
        return out


def _decide(count: int, limit: int, reset_after: float) -> Decision:
    return Decision(count <= limit, limit, max(0, limit - count), max(0.0, reset_after))


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window: int) -> Decision: ...

    async def close(self) -> None: ...


class MemoryRateLimiter:
    """Counters in this process; right for one replica and for development.

    Memory stays bounded: a sweep drops counters of past windows, and when ``max_keys`` live counters
    exist the oldest are dropped (those clients start a new window: the limiter fails open, never shut).
    """

    def __init__(self, *, max_keys: int = 100_000, clock: Callable[[], float] = time.time) -> None:
        self.max_keys = max_keys
        self.clock = clock
        self._counters: dict[str, tuple[int, int]] = {}  # key → (window index, count)
        self._next_sweep = 0.0

    async def hit(self, key: str, *, limit: int, window: int) -> Decision:
        now = self.clock()
        index = int(now // window)
        full_key = f"{window}:{key}"
        current = self._counters.get(full_key)
        count = current[1] + 1 if current is not None and current[0] == index else 1
        self._counters[full_key] = (index, count)
        if now >= self._next_sweep or len(self._counters) > self.max_keys:
            self._sweep(now)
        return _decide(count, limit, (index + 1) * window - now)

    def _sweep(self, now: float) -> None:
        self._next_sweep = now + 10.0
        live: dict[str, tuple[int, int]] = {}
        for full_key, (index, count) in self._counters.items():
            window = int(full_key.partition(":")[0])
            if index == int(now // window):
                live[full_key] = (index, count)
        while len(live) > self.max_keys:
            live.pop(next(iter(live)))
        self._counters = live

    async def close(self) -> None:
        self._counters.clear()


# INCR, and set the expiry on the first hit of the window, atomically (a key never lives forever).
_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RedisRateLimiter:
    """Counters in Redis, shared by every replica: one Lua script call (INCR + PEXPIRE) per hit.

    If Redis is unreachable the request is allowed and a warning logged: rate limiting protects the
    services, and losing it briefly is better than refusing every citizen while Redis restarts.
    """

    def __init__(self, url: str, *, prefix: str = "motcua:rl:", timeout: float = 0.5) -> None:
        import redis.asyncio as redis

        self.prefix = prefix
        self.client: Any = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self._script: Any = self.client.register_script(_HIT_SCRIPT)
        self.failures = 0

    async def hit(self, key: str, *, limit: int, window: int) -> Decision:
        now = time.time()
        index = int(now // window)
        redis_key = f"{self.prefix}{window}:{index}:{key}"
        try:
            count = await self._script(keys=[redis_key], args=[window * 1000 + 1000])
        except Exception as exc:  # any Redis failure: fail open (see class docstring)
            self.failures += 1
            log.warning("rate_limit_backend_unavailable", error=f"{type(exc).__name__}: {exc}")
            return Decision(True, limit, limit, (index + 1) * window - now)
        return _decide(int(count), limit, (index + 1) * window - now)

    async def ping(self) -> bool:
        return bool(await self.client.ping())

    async def close(self) -> None:
        await self.client.aclose()


def rate_limiter(redis_url: str = "") -> MemoryRateLimiter | RedisRateLimiter:
    """Redis-backed when ``redis_url`` is set (``REDIS_URL``), else in memory."""
    return RedisRateLimiter(redis_url) if redis_url else MemoryRateLimiter()
