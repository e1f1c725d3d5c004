"""A small closed-loop HTTP load generator (aiohttp, uvloop when available): the fallback when wrk is
not installed. ``connections`` workers each send one request at a time for ``duration`` seconds.
Slower than wrk (it is Python, and shares the cores with the servers), so compare only runs made with
the same tool."""

from __future__ import annotations

import asyncio
import time

import aiohttp


async def _run(url: str, connections: int, duration: float, headers: dict[str, str]) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:

        async def worker() -> None:
            nonlocal errors
            while (start := time.perf_counter()) < deadline:
                try:
                    async with session.get(url) as response:
                        await response.read()
                        if response.status >= 400:
                            errors += 1
                except aiohttp.ClientError:
                    errors += 1
                latencies.append(time.perf_counter() - start)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0.0

    return {
        "requests_per_second": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": errors,
    }


def run_loadgen(url: str, *, connections: int, duration: float, headers: dict[str, str]) -> dict[str, float]:
    try:
        import uvloop

        return uvloop.run(_run(url, connections, duration, headers))
    except ImportError:
        return asyncio.run(_run(url, connections, duration, headers))
