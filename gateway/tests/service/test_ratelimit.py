"""Rate limits over real HTTP: in memory, and in Redis shared by two gateway replicas."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio as redis

from gateway.app import create_app
from gateway.settings import RateRule
from gateway.tests.conftest import Stack, away_from_window_edge, gateway_settings, serve

WINDOW = 3600


@pytest.fixture
async def limited_stack(stack: Stack, request: pytest.FixtureRequest) -> AsyncIterator[list[str]]:
    """Two gateway replicas with a 3-per-hour rule, sharing Redis (or each in memory)."""
    redis_url: str = request.param and request.getfixturevalue("redis_url")
    rules = [RateRule(name="login", match="POST /oidc/login*", limit=3, window=WINDOW)]
    settings = gateway_settings(
        catalog=stack.catalog,
        intake=stack.intake,
        tokens=stack.tokens,
        down_port=stack.down_port,
        rate_limit_rules=rules,
        redis_url=redis_url or "",
        service_base_url_identity=stack.catalog,  # any echoing upstream will do
    )
    async with serve(create_app(settings)) as first, serve(create_app(settings)) as second:
        yield [first, second]


async def test_in_memory_limit_gives_429_with_retry_after(client: httpx.AsyncClient) -> None:
    await away_from_window_edge()
    statuses = []
    for _ in range(4):
        response = await client.get("/v1/procedures/limited")
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 429]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= WINDOW
    assert response.headers["ratelimit-limit"] == "3"
    assert response.headers["ratelimit-remaining"] == "0"
    assert response.headers["ratelimit-policy"] == f"3;w={WINDOW}"
    assert f"{retry_after} giây" in response.json()["detail"]


async def test_signed_in_clients_are_counted_by_subject(client: httpx.AsyncClient, stack: Stack) -> None:
    await away_from_window_edge()
    alice = stack.tokens.headers("alice")
    bob = stack.tokens.headers("bob")
    statuses = [(await client.get("/v1/procedures/limited/by-subject", headers=alice)) for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429], [dict(r.headers) for r in statuses]
    # Same address, another person: a fresh budget (many officials share one office IP).
    response = await client.get("/v1/procedures/limited/by-subject", headers=bob)
    assert response.status_code == 200
    assert response.headers["ratelimit-remaining"] == "2"


@pytest.mark.parametrize("limited_stack", [False], indirect=True)
async def test_in_memory_replicas_count_apart(limited_stack: list[str]) -> None:
    await away_from_window_edge()
    async with httpx.AsyncClient() as http:
        for base in limited_stack:
            for _ in range(3):
                assert (await http.post(f"{base}/oidc/login", content=b"{}")).status_code == 200
            assert (await http.post(f"{base}/oidc/login", content=b"{}")).status_code == 429


@pytest.mark.parametrize("limited_stack", [True], indirect=True)
async def test_redis_limit_is_shared_by_replicas(limited_stack: list[str], redis_url: str) -> None:
    await away_from_window_edge()
    first, second = limited_stack
    async with httpx.AsyncClient() as http:
        assert (await http.post(f"{first}/oidc/login", content=b"{}")).status_code == 200
        assert (await http.post(f"{second}/oidc/login", content=b"{}")).status_code == 200
        assert (await http.post(f"{first}/oidc/login", content=b"{}")).status_code == 200
        refused = await http.post(f"{second}/oidc/login", content=b"{}", headers={"Accept-Language": "en"})
    assert refused.status_code == 429
    assert refused.json()["title"] == "Too many requests"
    assert 1 <= int(refused.headers["retry-after"]) <= WINDOW
    assert refused.headers["ratelimit-policy"] == f"3;w={WINDOW}"
    client = redis.Redis.from_url(redis_url)
    try:
        keys = [k.decode() async for k in client.scan_iter("motcua:rl:*")]
        assert any(k.endswith(":login:ip:127.0.0.1") for k in keys), keys
        ttl = await client.pttl(next(k for k in keys if k.endswith(":login:ip:127.0.0.1")))
        assert 0 < ttl <= (WINDOW + 1) * 1000  # counters expire: Redis does not fill up
    finally:
        await client.aclose()
