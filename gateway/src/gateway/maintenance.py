"""Maintenance mode (R-OPS-1): during a window the catalog announces, every request is answered 503 with
``Retry-After`` (seconds to the expected end), except health, readiness, metrics and the announcement.

The gateway learns the windows by polling the catalog (``GET /v1/maintenance-windows``, directly, every
``maintenance_poll_seconds``) and keeps the last list it got: while the catalog is down — quite possibly
because of the maintenance itself — the known windows still apply. Each request compares the clock with
the known windows, so a window starts and ends to the second whatever the polling; a cancellation
reaches the gateway on the next poll. See ADR 18.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import structlog
from prometheus_client import Counter, Gauge
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import problems
from gateway.routing import PatternTable

log = structlog.get_logger("gateway.maintenance")

ANNOUNCEMENT_PATH = "/v1/maintenance-windows"
POLL_FAILURES = Counter(
    "gateway_maintenance_poll_failures_total", "Polls of the catalog's maintenance windows that failed"
)
KNOWN_WINDOWS = Gauge("gateway_maintenance_windows_known", "Maintenance windows the gateway knows of")
UNDER_MAINTENANCE = Gauge("gateway_under_maintenance", "1 while a maintenance window is in progress")


@dataclass(frozen=True, slots=True)
class Window:
    id: str
    starts_at: datetime
    expected_end_at: datetime
    message_vi: str
    message_en: str | None

    @property
    def start(self) -> float:
        return self.starts_at.timestamp()

    @property
    def end(self) -> float:
        return self.expected_end_at.timestamp()

    @classmethod
    def from_announcement(cls, item: dict[str, Any]) -> Window:
        """One item of the catalog's announcement (``KeyError``/``ValueError`` when malformed)."""
        starts_at = datetime.fromisoformat(item["starts_at"])
        expected_end_at = datetime.fromisoformat(item["expected_end_at"])
        if starts_at.tzinfo is None or expected_end_at.tzinfo is None:
            raise ValueError("maintenance window times must carry their offset")
        return cls(
            id=str(item["id"]),
            starts_at=starts_at,
            expected_end_at=expected_end_at,
            message_vi=str(item["message_vi"]),
            message_en=item.get("message_en"),
        )


class MaintenanceSchedule:
    """The windows last known; ``current(now)`` is the one in progress at ``now``, if any."""

    def __init__(self, windows: Iterable[Window] = ()) -> None:
        self.windows: tuple[Window, ...] = ()
        self.refreshed_at: float | None = None
        self.replace(windows)

    def replace(self, windows: Iterable[Window], *, at: float | None = None) -> None:
        self.windows = tuple(sorted(windows, key=lambda w: w.start))
        self.refreshed_at = at
        KNOWN_WINDOWS.set(len(self.windows))

    def current(self, now: float) -> Window | None:
        for window in self.windows:
            if window.start <= now < window.end:
                return window
            if window.start > now:
                return None
        return None


class MaintenanceWatcher:
    """Polls the catalog for the announced windows; a failed poll keeps what was known."""

    def __init__(
        self,
        schedule: MaintenanceSchedule,
        session: Callable[[], aiohttp.ClientSession | None],
        url: str,
        *,
        interval: float,
        timeout: float,
    ) -> None:
        self.schedule = schedule
        self.session = session
        self.url = url
        self.interval = interval
        self.timeout = timeout
        self._stopping = asyncio.Event()
        self._failing = False

    async def refresh(self) -> bool:
        """One poll; True when the catalog answered with a list that replaced the known one."""
        session = self.session()
        if session is None:
            return False
        try:
            async with session.get(self.url, timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                if response.status != 200:
                    raise ValueError(f"HTTP {response.status}")
                body = await response.json(content_type=None)
            windows = [Window.from_announcement(item) for item in body["items"]]
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, TypeError) as exc:
            POLL_FAILURES.inc()
            if not self._failing:  # once per outage, not every few seconds
                log.warning(
                    "maintenance_poll_failed",
                    error=f"{type(exc).__name__}: {exc}",
                    keeping=len(self.schedule.windows),
                )
            self._failing = True
            return False
        if self._failing:
            log.info("maintenance_poll_recovered", windows=len(windows))
        self._failing = False
        self.schedule.replace(windows, at=time.time())
        return True

    async def run(self) -> None:
        """Poll every ``interval`` seconds until stopped (the first poll is the runtime's, at start)."""
        while not self._stopping.is_set():
            UNDER_MAINTENANCE.set(1 if self.schedule.current(time.time()) else 0)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)
            if not self._stopping.is_set():
                await self.refresh()

    def stop(self) -> None:
        self._stopping.set()


class MaintenanceGate:
    """ASGI middleware answering 503 + Retry-After during a window, except for ``exempt`` requests."""

    def __init__(
        self,
        app: ASGIApp,
        schedule: MaintenanceSchedule,
        exempt: PatternTable[bool],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self.schedule = schedule
        self.exempt = exempt
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.schedule.windows:
            now = self.clock()
            window = self.schedule.current(now)
            if window is not None and not self.exempt.lookup(scope["method"], scope["path"]):
                retry_after = max(1, math.ceil(window.end - now))
                response = problems.under_maintenance(
                    scope["path"],
                    retry_after=retry_after,
                    expected_end_at=window.expected_end_at.astimezone(UTC),
                    message_vi=window.message_vi,
                    message_en=window.message_en,
                )
                return await response(scope, receive, send)
        await self.app(scope, receive, send)
