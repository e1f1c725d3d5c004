"""R-OPS-1 maintenance gate in-process: which window covers an instant, Retry-After to the second,
exempt requests, and announcements the gateway refuses to trust."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from gateway.maintenance import MaintenanceGate, MaintenanceSchedule, Window
from gateway.routing import PatternTable
from gateway.settings import DEFAULT_MAINTENANCE_EXEMPT
from servicekit.http import RequestContextMiddleware

START = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # 22:00 in Hanoi
END = START + timedelta(hours=4)


def window(start: datetime = START, end: datetime = END, wid: str = "w1") -> Window:
    return Window(id=wid, starts_at=start, expected_end_at=end, message_vi="Nâng cấp.", message_en=None)


def test_the_window_in_progress_is_the_one_covering_now() -> None:
    later = window(END + timedelta(days=1), END + timedelta(days=1, hours=2), "w2")
    schedule = MaintenanceSchedule([later, window()])  # sorted by start whatever the order given
    assert schedule.current(START.timestamp() - 1) is None
    assert schedule.current(START.timestamp()).id == "w1"  # type: ignore[union-attr]
    assert schedule.current(END.timestamp()) is None  # back at the expected end
    assert schedule.current(later.start + 60).id == "w2"  # type: ignore[union-attr]


def test_an_announcement_without_offsets_or_fields_is_refused() -> None:
    good = {"id": "w", "starts_at": START.isoformat(), "expected_end_at": END.isoformat(), "message_vi": "x"}
    assert Window.from_announcement(good).end == END.timestamp()
    with pytest.raises(ValueError):
        Window.from_announcement(good | {"starts_at": "2026-11-28T22:00:00"})
    with pytest.raises(KeyError):
        Window.from_announcement({"id": "w"})


async def ok(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"served": True})(scope, receive, send)


@pytest.mark.parametrize(
    ("seconds_in", "retry_after"), [(0, 14400), (1.2, 14399), (14399.5, 1), (14399.99, 1)]
)
async def test_retry_after_is_the_seconds_left_rounded_up(seconds_in: float, retry_after: int) -> None:
    now = START.timestamp() + seconds_in
    gate = MaintenanceGate(ok, MaintenanceSchedule([window()]), PatternTable([]), clock=lambda: now)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=RequestContextMiddleware(gate)), base_url="http://gw"
    ) as c:
        response = await c.get("/v1/procedures")
    assert response.status_code == 503 and response.headers["retry-after"] == str(retry_after)
    assert response.json()["expected_end_at"] == "2026-11-28T19:00:00Z"
    assert "02:00 29/11/2026" in response.json()["detail"]  # the expected end in Hanoi


async def test_exempt_requests_pass_during_a_window() -> None:
    now = START.timestamp() + 10
    exempt = PatternTable((p, True) for p in DEFAULT_MAINTENANCE_EXEMPT)
    gate = MaintenanceGate(ok, MaintenanceSchedule([window()]), exempt, clock=lambda: now)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=gate), base_url="http://gw") as c:
        for method, path in (
            ("GET", "/healthz"),
            ("HEAD", "/readyz"),
            ("GET", "/metrics"),
            ("GET", "/v1/maintenance-windows"),
            ("POST", "/v1/maintenance-windows/w1/cancel"),
        ):
            assert (await c.request(method, path)).status_code == 200, path
        for path in ("/v1/maintenance", "/openapi.json", "/v1/statistics"):
            assert (await c.get(path)).status_code == 503, path
