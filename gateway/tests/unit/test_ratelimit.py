"""Fixed-window counting (servicekit.ratelimit) and the headers a client reads."""

from __future__ import annotations

from servicekit.ratelimit import Decision, MemoryRateLimiter


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_allows_up_to_the_limit_then_refuses_until_the_window_ends() -> None:
    clock = Clock(60 * 16_667 + 20.0)  # 20 s into a 60 s window
    limiter = MemoryRateLimiter(clock=clock)
    decisions = [await limiter.hit("ip:1", limit=3, window=60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].retry_after == 40
    clock.now += 40
    assert (await limiter.hit("ip:1", limit=3, window=60)).allowed


async def test_clients_and_windows_are_counted_apart() -> None:
    limiter = MemoryRateLimiter(clock=Clock(1_000_000.0))
    for _ in range(3):
        await limiter.hit("ip:1", limit=3, window=60)
    assert (await limiter.hit("ip:2", limit=3, window=60)).allowed
    assert (await limiter.hit("ip:1", limit=10, window=3600)).allowed


async def test_memory_is_bounded_and_past_windows_are_swept() -> None:
    clock = Clock(1_000_000.0)
    limiter = MemoryRateLimiter(max_keys=50, clock=clock)
    for index in range(200):
        await limiter.hit(f"ip:{index}", limit=5, window=60)
    assert len(limiter._counters) <= 51
    clock.now += 120
    await limiter.hit("ip:new", limit=5, window=60)
    assert len(limiter._counters) == 1


def test_headers_of_a_refusal() -> None:
    headers = dict(Decision(False, 10, 0, 12.2).headers(60))
    assert headers == {
        "RateLimit-Limit": "10",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "13",
        "RateLimit-Policy": "10;w=60",
        "Retry-After": "13",
    }
    assert "Retry-After" not in dict(Decision(True, 10, 9, 0.2).headers(60))
    assert Decision(True, 10, 9, 0.2).retry_after == 1
