"""Reading the catalogue over HTTP, with caching (ADR 11).

A published version never changes (R-CAT-5), so its sheet is kept for the life of the process;
which version is in force, agencies, e-form schemas (their inlined lists can grow) and calendars
live ``catalog_ttl_seconds``. A ``calendar.changed`` event clears the calendars at once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import structlog

from intake.cache import TtlCache
from intake.catalog.errors import CatalogUnavailable, ProcedureUnavailable
from intake.catalog.models import Agency, ProcedureVersion, parse_sheet
from servicekit.calendar import WorkingCalendar
from servicekit.http import outgoing_headers

log = structlog.get_logger("intake.catalog")

#: How far a calendar fetched for an agency reaches (the catalogue answers at most 366 days).
CALENDAR_PAST_DAYS = 7
CALENDAR_SPAN_DAYS = 365


class CatalogClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        cache_size: int = 512,
        ttl: float = 300.0,
        in_force_ttl: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)
        self._versions: TtlCache[ProcedureVersion] = TtlCache(max_size=cache_size, ttl=None)
        self._in_force: TtlCache[int] = TtlCache(max_size=cache_size, ttl=in_force_ttl)
        self._schemas: TtlCache[dict[str, Any]] = TtlCache(max_size=cache_size, ttl=ttl)
        self._agencies: TtlCache[Agency] = TtlCache(max_size=cache_size, ttl=ttl)
        self._calendars: TtlCache[WorkingCalendar] = TtlCache(max_size=cache_size, ttl=ttl)

    async def close(self) -> None:
        await self._http.aclose()

    def forget_calendars(self) -> None:
        """Administrators changed days off (``calendar.changed``): read calendars afresh."""
        self._calendars.clear()

    async def _get(self, path: str, **params: Any) -> httpx.Response:
        try:
            response = await self._http.get(path, params=params or None, headers=outgoing_headers())
        except httpx.HTTPError as exc:
            log.warning("catalog_unreachable", path=path, error=str(exc))
            raise CatalogUnavailable() from exc
        if response.status_code >= 500:
            log.warning("catalog_error", path=path, status=response.status_code)
            raise CatalogUnavailable()
        return response

    async def version(self, code: str, number: int, *, field: str = "procedure_version") -> ProcedureVersion:
        """A published version (kept forever once read: it never changes)."""

        async def fetch() -> ProcedureVersion:
            response = await self._get(f"/v1/procedures/{code}/versions/{number}")
            if response.status_code != 200:
                raise ProcedureUnavailable(procedure_code=code, version=number, field=field)
            parsed = parse_sheet(response.json())
            if parsed.status not in ("published", "superseded"):
                raise ProcedureUnavailable(procedure_code=code, version=number, field=field)
            return parsed

        return await self._versions.get((code, number), fetch)

    async def in_force(self, code: str, *, field: str = "procedure_code") -> ProcedureVersion:
        """The version dossiers are filed under today."""

        async def fetch_number() -> int:
            response = await self._get(f"/v1/procedures/{code}")
            if response.status_code != 200:
                raise ProcedureUnavailable(procedure_code=code, version=None, field=field)
            parsed = parse_sheet(response.json())
            self._versions.put((code, parsed.version), parsed)
            return parsed.version

        number = await self._in_force.get(code, fetch_number)
        return await self.version(code, number, field=field)

    async def form_schema(self, code: str, number: int, form_code: str) -> dict[str, Any]:
        """The resolved JSON Schema of one e-form (lists inlined, x-guidance, x-prefill)."""

        async def fetch() -> dict[str, Any]:
            response = await self._get(f"/v1/procedures/{code}/versions/{number}/eforms/{form_code}/schema")
            if response.status_code != 200:
                raise CatalogUnavailable()
            schema: dict[str, Any] = response.json()
            return schema

        return await self._schemas.get((code, number, form_code), fetch)

    async def agency(self, code: str) -> Agency:
        async def fetch() -> Agency:
            response = await self._get(f"/v1/agencies/{code}")
            if response.status_code != 200:
                return Agency(code=code, name=code)
            body = response.json()
            return Agency(
                code=body["code"],
                name=body.get("name") or code,
                address=body.get("address"),
                phone=body.get("phone"),
                feedback_email=body.get("feedback_email"),
                bank_account=body.get("bank_account") or {},
                parent_code=body.get("parent_code"),
            )

        return await self._agencies.get(code, fetch)

    async def calendar(self, agency_code: str, *, today: date) -> WorkingCalendar:
        """The agency's working calendar: the national days off and swaps plus its own (R-FMT-7)."""

        async def fetch() -> WorkingCalendar:
            start = today - timedelta(days=CALENDAR_PAST_DAYS)
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

        return await self._calendars.get((agency_code, today), fetch)
