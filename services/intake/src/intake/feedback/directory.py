"""What feedback needs from the catalogue, read over HTTP: which agency answers for a procedure, the
agency's name, and its working calendar (national days off and swaps plus its own, R-FMT-7).

Answers are kept ``ttl`` seconds in this process; a failed read is not kept. Calendars come from
intake's catalogue client when one is given (one cache, emptied when administrators change days off).
The catalogue being unreachable is the caller's 503 (``CatalogUnavailable``), never a silent guess.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

import httpx
import structlog

from intake.feedback.errors import CatalogUnavailable
from servicekit.calendar import WorkingCalendar
from servicekit.errors import ServiceUnavailable
from servicekit.http import outgoing_headers

log = structlog.get_logger("intake.feedback.directory")
V = TypeVar("V")

#: A calendar read for an agency reaches this far back and ahead (the catalogue answers ≤ 366 days).
CALENDAR_PAST_DAYS = 14
CALENDAR_SPAN_DAYS = 180


class CalendarSource(Protocol):
    async def calendar(self, agency_code: str, *, today: date) -> WorkingCalendar: ...


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    active: bool


@dataclass(frozen=True)
class ProcedureInfo:
    code: str
    name: str
    agency_code: str


class CatalogDirectory:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        ttl: float = 300.0,
        max_entries: int = 2048,
        transport: httpx.AsyncBaseTransport | None = None,
        calendars: CalendarSource | None = None,
    ) -> None:
        self.calendars = calendars
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)
        self.ttl = ttl
        self.max_entries = max_entries
        self._cache: dict[Hashable, tuple[float, Any]] = {}

    async def close(self) -> None:
        await self._http.aclose()

    async def _cached(self, key: Hashable, fetch: Callable[[], Awaitable[V]]) -> V:
        entry = self._cache.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            value: V = entry[1]
            return value
        value = await fetch()
        if len(self._cache) >= self.max_entries:
            self._cache.clear()
        self._cache[key] = (now + self.ttl, value)
        return value

    async def _get(self, path: str, **params: str) -> httpx.Response:
        try:
            response = await self._http.get(path, params=params or None, headers=outgoing_headers())
        except httpx.HTTPError as exc:
            log.warning("catalog_unreachable", path=path, error=str(exc))
            raise CatalogUnavailable() from exc
        if response.status_code >= 500:
            log.warning("catalog_error", path=path, status=response.status_code)
            raise CatalogUnavailable()
        return response

    async def agency(self, code: str) -> AgencyInfo | None:
        """The agency, or None when the catalogue does not know it."""

        async def fetch() -> AgencyInfo | None:
            response = await self._get(f"/v1/agencies/{code}")
            if response.status_code != 200:
                return None
            body = response.json()
            return AgencyInfo(
                code=body["code"], name=body.get("name") or code, active=bool(body.get("active"))
            )

        return await self._cached(("agency", code), fetch)

    async def procedure(self, code: str) -> ProcedureInfo | None:
        """The procedure's version in force, or None when there is none."""

        async def fetch() -> ProcedureInfo | None:
            response = await self._get(f"/v1/procedures/{code}")
            if response.status_code != 200:
                return None
            body = response.json()
            agency = body.get("agency") or {}
            agency_code = agency.get("code") or (body.get("content") or {}).get("agency_code")
            if not agency_code:
                return None
            name = (body.get("content") or {}).get("name") or code
            return ProcedureInfo(code=body.get("code") or code, name=name, agency_code=agency_code)

        return await self._cached(("procedure", code), fetch)

    async def calendar(self, agency_code: str, *, around: date) -> WorkingCalendar:
        """The agency's working calendar for the weeks around ``around`` (R-FMT-7)."""
        if self.calendars is not None:
            try:
                return await self.calendars.calendar(agency_code, today=around)
            except ServiceUnavailable as exc:
                raise CatalogUnavailable() from exc

        async def fetch() -> WorkingCalendar:
            start = around - timedelta(days=CALENDAR_PAST_DAYS)
            end = start + timedelta(days=CALENDAR_SPAN_DAYS)
            response = await self._get(
                f"/v1/agencies/{agency_code}/calendar", **{"from": start.isoformat(), "to": end.isoformat()}
            )
            if response.status_code != 200:
                raise CatalogUnavailable()
            body = response.json()
            return WorkingCalendar(
                extra_days_off=[
                    date.fromisoformat(d["day"]) for d in body["days_off"] if d["reason"] == "declared"
                ],
                working_days=[date.fromisoformat(d["day"]) for d in body["working_weekend_days"]],
            )

        return await self._cached(("calendar", agency_code, around), fetch)
