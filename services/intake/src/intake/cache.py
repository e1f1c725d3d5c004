"""A small in-process cache with expiry, a size bound and one fetch per key at a time.

Concurrent misses of one key wait for the same fetch (no stampede on the catalogue when a popular
procedure's entry expires); a failed fetch is not cached.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    def __init__(self, *, max_size: int, ttl: float | None) -> None:
        """``ttl=None``: entries never expire (immutable data); the size bound still applies."""
        self.max_size = max_size
        self.ttl = ttl
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._inflight: dict[Hashable, asyncio.Future[V]] = {}

    def clear(self) -> None:
        self._entries.clear()

    def _fresh(self, key: Hashable) -> tuple[bool, V | None]:
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        expires, value = entry
        if self.ttl is not None and time.monotonic() >= expires:
            del self._entries[key]
            return False, None
        self._entries.move_to_end(key)
        return True, value

    def put(self, key: Hashable, value: V, *, ttl: float | None = None) -> None:
        lifetime = ttl if ttl is not None else self.ttl
        expires = time.monotonic() + lifetime if lifetime is not None else float("inf")
        self._entries[key] = (expires, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_size:
            self._entries.popitem(last=False)

    async def get(self, key: Hashable, fetch: Callable[[], Awaitable[V]]) -> V:
        hit, value = self._fresh(key)
        if hit:
            return value  # type: ignore[return-value]
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await fetch()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody else waited
            raise
        else:
            self.put(key, value)
            future.set_result(value)
            return value
        finally:
            del self._inflight[key]
