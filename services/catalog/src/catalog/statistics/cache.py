"""Public figures computed at most once per ``ttl`` seconds per question, per process.

Narrow questions (one procedure, one agency) are index range scans of a few thousand rows, but the
portal's totals and the unfiltered lists read every row of the period: the portal's statistics page
must not run that for each visitor. Concurrent askers of the same question wait for one computation
(single flight); answers say when they were computed (``as_of``). ``ttl`` 0 turns caching off.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class FiguresCache:
    def __init__(
        self, ttl: float, *, max_entries: int = 2048, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._locks: dict[Hashable, asyncio.Lock] = {}

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        if not self.enabled:
            return await compute()
        hit = self._fresh(key)
        if hit is not None:
            return hit[1]  # type: ignore[no-any-return]
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                hit = self._fresh(key)  # computed by whoever held the lock before us
                if hit is not None:
                    return hit[1]  # type: ignore[no-any-return]
                value = await compute()
                self._store(key, value)
                return value
        finally:
            if not lock.locked() and self._locks.get(key) is lock:
                del self._locks[key]

    def _fresh(self, key: Hashable) -> tuple[float, Any] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self.clock():
            del self._entries[key]
            return None
        return entry

    def _store(self, key: Hashable, value: Any) -> None:
        if len(self._entries) >= self.max_entries:
            # Insertion order is age order: drop the oldest eighth.
            for stale in list(self._entries)[: max(1, self.max_entries // 8)]:
                del self._entries[stale]
        self._entries[key] = (self.clock() + self.ttl, value)
