"""R-OPS-1 maintenance mode over real HTTP: during a window the catalog announces, the gateway answers
every request 503 problem+json with Retry-After (seconds to the expected end) except health,
readiness, metrics and the announcement; it serves normally before and after, learns cancellations on
its next poll, and keeps the last windows it knew while the catalog is down."""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.app import create_app
from gateway.tests.conftest import free_port, gateway_settings, serve
from servicekit.calendar import VN_TZ
from servicekit.testing import TokenFactory, eventually

POLL = 0.2


@dataclass
class Announcer:
    """A catalog stand-in: announces ``windows`` (or fails, when ``failing``), echoes other paths."""

    windows: list[dict[str, Any]] = field(default_factory=list)
    failing: bool = False
    polls: int = 0

    def app(self) -> FastAPI:
        app = FastAPI(title="catalog")

        @app.get("/v1/maintenance-windows")
        async def announced() -> JSONResponse:
            self.polls += 1
            if self.failing:
                return JSONResponse({"detail": "database unavailable"}, status_code=503)
            return JSONResponse({"items": self.windows, "next_cursor": None})

        @app.api_route("/v1/{rest:path}", methods=["GET", "POST"])
        async def echo(request: Request) -> dict[str, str]:
            return {"path": request.url.path, "method": request.method}

        @app.get("/healthz")
        async def healthz() -> dict[str, str]:
            return {"status": "ok"}

        return app

    def announce(self, starts_in: float, lasts: float, **extra: Any) -> dict[str, Any]:
        now = datetime.now(UTC)
        window = {
            "id": f"w-{len(self.windows) + 1}",
            "starts_at": (now + timedelta(seconds=starts_in)).isoformat(),
            "expected_end_at": (now + timedelta(seconds=starts_in + lasts)).isoformat(),
            "message_vi": "Nâng cấp hạ tầng máy chủ.",
            "message_en": "Upgrading the servers.",
            **extra,
        }
        self.windows.append(window)
        return window

    async def seen_by_gateway(self) -> None:
        """Wait for two polls after now: the gateway has the list as it is now."""
        target = self.polls + 2
        await eventually(lambda: _at_least(self, target), timeout=10, message="gateway polled the catalog")


async def _at_least(announcer: Announcer, polls: int) -> bool:
    return announcer.polls >= polls


@dataclass
class Running:
    gateway: httpx.AsyncClient
    announcer: Announcer
    tokens: TokenFactory


@pytest.fixture
async def running(token_factory: TokenFactory) -> AsyncIterator[Running]:
    announcer = Announcer()
    down = free_port()
    async with serve(announcer.app()) as catalog:
        settings = gateway_settings(
            catalog=catalog,
            intake=f"http://127.0.0.1:{down}",
            tokens=token_factory,
            down_port=down,
            maintenance_poll_seconds=POLL,
            maintenance_fetch_timeout=1.0,
        )
        async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url, timeout=10) as client:
            yield Running(client, announcer, token_factory)


async def test_r_ops_1_a_window_in_progress_answers_503_with_retry_after_to_its_end(running: Running) -> None:
    gateway, announcer = running.gateway, running.announcer
    assert (await gateway.get("/v1/procedures/1.001193")).status_code == 200
    window = announcer.announce(starts_in=-60, lasts=90)
    await announcer.seen_by_gateway()

    response = await gateway.get("/v1/procedures/1.001193")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    retry_after = int(response.headers["retry-after"])
    end = datetime.fromisoformat(window["expected_end_at"])
    assert 1 <= retry_after <= math.ceil((end - datetime.now(UTC)).total_seconds()) + 1
    problem = response.json()
    assert problem["code"] == "under_maintenance" and problem["status"] == 503
    assert problem["title"] == "Hệ thống đang bảo trì" and "Nâng cấp hạ tầng máy chủ." in problem["detail"]
    assert end.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") in problem["detail"]  # local wall-clock time
    assert datetime.fromisoformat(problem["expected_end_at"]) == end and problem["retry_after"] == retry_after

    english = await gateway.get("/v1/procedures", headers={"Accept-Language": "en"})
    assert (
        english.json()["title"] == "Under maintenance"
        and "Upgrading the servers." in english.json()["detail"]
    )
    # Everything else too: private routes without a token, writes, the merged API reference.
    for method, path in (
        ("POST", "/v1/dossiers"),
        ("GET", "/v1/tasks"),
        ("GET", "/openapi.json"),
        ("GET", "/docs"),
    ):
        blocked = await gateway.request(method, path)
        assert blocked.status_code == 503 and blocked.headers["retry-after"], (method, path)
    # A browser can read why: CORS headers on the 503.
    cors = await gateway.get("/v1/procedures", headers={"Origin": "http://localhost:3000"})
    assert cors.status_code == 503 and cors.headers["access-control-allow-origin"] == "http://localhost:3000"

    # Probes, metrics and the announcement itself (reads, and an administrator ending it early) pass.
    for path in ("/healthz", "/readyz", "/metrics"):
        assert (await gateway.get(path)).status_code == 200, path
    announced = await gateway.get("/v1/maintenance-windows")
    assert announced.status_code == 200 and announced.json()["items"] == [window]
    cancel = await gateway.post(
        f"/v1/maintenance-windows/{window['id']}/cancel",
        headers=running.tokens.headers(roles=["system_admin"]),
    )
    assert cancel.status_code == 200 and cancel.json()["path"].endswith("/cancel")
    metrics = (await gateway.get("/metrics")).text
    assert 'gateway_rejected_total{code="under_maintenance"}' in metrics
    assert "gateway_maintenance_windows_known 1.0" in metrics


async def test_service_resumes_at_the_expected_end_and_starts_at_the_start_to_the_second(
    running: Running,
) -> None:
    gateway, announcer = running.gateway, running.announcer
    window = announcer.announce(starts_in=1.5, lasts=1.5)
    await announcer.seen_by_gateway()
    start = datetime.fromisoformat(window["starts_at"])
    if datetime.now(UTC) < start - timedelta(seconds=0.3):
        assert (await gateway.get("/v1/procedures/upcoming")).status_code == 200  # announced, not yet begun

    async def status_is(expected: int) -> bool:
        return (await gateway.get("/v1/procedures/x")).status_code == expected

    await eventually(lambda: status_is(503), timeout=5, message="maintenance began")
    assert datetime.now(UTC) >= start
    await eventually(lambda: status_is(200), timeout=5, message="service resumed")
    assert datetime.now(UTC) >= datetime.fromisoformat(window["expected_end_at"])


async def test_a_cancellation_reaches_the_gateway_on_its_next_poll(running: Running) -> None:
    gateway, announcer = running.gateway, running.announcer
    announcer.announce(starts_in=-5, lasts=600)
    await announcer.seen_by_gateway()
    assert (await gateway.get("/v1/procedures")).status_code == 503
    announcer.windows.clear()  # cancelled (or ended early) at the catalog
    cancelled_at = time.monotonic()

    async def served() -> bool:
        return (await gateway.get("/v1/procedures")).status_code == 200

    await eventually(served, timeout=5, message="cancellation applied")
    assert time.monotonic() - cancelled_at < 5


async def test_the_last_known_windows_hold_while_the_catalog_is_down(running: Running) -> None:
    gateway, announcer = running.gateway, running.announcer
    announcer.announce(starts_in=-5, lasts=600)
    await announcer.seen_by_gateway()
    announcer.failing = True  # e.g. the catalog's database is the thing under maintenance
    await announcer.seen_by_gateway()
    for _ in range(3):
        assert (await gateway.get("/v1/procedures")).status_code == 503
    readiness = await gateway.get("/readyz")
    assert readiness.status_code == 200
    # A malformed answer is no better than none: the windows stay.
    announcer.failing = False
    announcer.windows.append({"id": "broken", "starts_at": "tomorrow"})
    await announcer.seen_by_gateway()
    assert (await gateway.get("/v1/procedures")).status_code == 503
    announcer.windows.clear()
    await eventually(lambda: _status(gateway, 200), timeout=5, message="back to normal")


async def _status(gateway: httpx.AsyncClient, expected: int) -> bool:
    return (await gateway.get("/v1/procedures")).status_code == expected


async def test_a_gateway_started_while_the_catalog_is_down_serves_and_learns_later(
    token_factory: TokenFactory,
) -> None:
    announcer = Announcer(failing=True)
    announcer.announce(starts_in=-5, lasts=600)
    down = free_port()
    async with serve(announcer.app()) as catalog:
        settings = gateway_settings(
            catalog=catalog,
            intake=f"http://127.0.0.1:{down}",
            tokens=token_factory,
            down_port=down,
            maintenance_poll_seconds=POLL,
        )
        async with serve(create_app(settings)) as url, httpx.AsyncClient(base_url=url, timeout=10) as gateway:
            assert (await gateway.get("/v1/procedures")).status_code == 200  # nothing known: no 503
            announcer.failing = False
            await eventually(lambda: _status(gateway, 503), timeout=5, message="window learnt")


async def test_an_overrun_moves_retry_after_on_the_next_poll(running: Running) -> None:
    gateway, announcer = running.gateway, running.announcer
    window = announcer.announce(starts_in=-30, lasts=60)
    await announcer.seen_by_gateway()
    first = int((await gateway.get("/v1/procedures")).headers["retry-after"])
    assert first <= 30
    window["expected_end_at"] = (
        datetime.fromisoformat(window["expected_end_at"]) + timedelta(hours=2)
    ).isoformat()
    await announcer.seen_by_gateway()
    later = await gateway.get("/v1/procedures")
    assert later.status_code == 503 and int(later.headers["retry-after"]) > 7200 - 60
