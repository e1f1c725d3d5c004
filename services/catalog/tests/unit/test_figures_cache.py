"""Public figures are computed once per question and period of validity, by one caller at a time."""

from __future__ import annotations

import asyncio

import pytest

from catalog.statistics.cache import FiguresCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_question_is_computed_once_until_its_answer_expires() -> None:
    clock, calls = Clock(), []

    async def compute() -> int:
        calls.append(1)
        return len(calls)

    cache = FiguresCache(60, clock=clock)
    assert [await cache.get("portal", compute) for _ in range(3)] == [1, 1, 1]
    assert await cache.get("other", compute) == 2
    clock.now += 60
    assert await cache.get("portal", compute) == 3


async def test_concurrent_askers_wait_for_one_computation() -> None:
    started = 0
    gate = asyncio.Event()

    async def slow() -> str:
        nonlocal started
        started += 1
        await gate.wait()
        return "figures"

    cache = FiguresCache(60)
    waiting = [asyncio.create_task(cache.get(("one", "1.001193"), slow)) for _ in range(5)]
    await asyncio.sleep(0.01)
    gate.set()
    assert await asyncio.gather(*waiting) == ["figures"] * 5 and started == 1


async def test_a_failed_computation_is_not_kept_and_zero_means_off() -> None:
    attempts = 0

    async def flaky() -> int:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionError("database gone")
        return attempts

    cache = FiguresCache(60)
    with pytest.raises(ConnectionError):
        await cache.get("k", flaky)
    assert await cache.get("k", flaky) == 2
    off = FiguresCache(0)
    assert not off.enabled and [await off.get("k", flaky) for _ in range(2)] == [3, 4]


async def test_the_oldest_answers_make_room() -> None:
    async def value() -> str:
        return "x"

    cache = FiguresCache(60, max_entries=8)
    for n in range(8):
        await cache.get(n, value)
    await cache.get("new", value)
    assert 0 not in cache._entries and "new" in cache._entries and len(cache._entries) == 8
