"""Catalog's public procedure pages, asked directly (not through the gateway) for a procedure name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from servicekit.http import outgoing_headers


class CatalogUnavailable(Exception):
    """The catalog could not answer now (down, slow, 5xx): try again later."""


@dataclass(frozen=True)
class CatalogProcedure:
    version: int
    name: str
    field_code: str | None


class CatalogClient:
    def __init__(self, base_url: str, *, timeout: float) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, trust_env=False)

    async def close(self) -> None:
        await self._http.aclose()

    async def procedure(self, code: str, version: int | None) -> CatalogProcedure | None:
        """The version's name and field, the version in force when `version` is None; None if unknown."""
        path = f"/v1/procedures/{code}" + (f"/versions/{version}" if version is not None else "")
        try:
            response = await self._http.get(path, headers=outgoing_headers())
        except httpx.HTTPError as exc:
            raise CatalogUnavailable(f"catalog unreachable: {type(exc).__name__}: {exc}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise CatalogUnavailable(f"catalog answered {response.status_code} for {path}")
        try:
            body: dict[str, Any] = response.json()
            field = body.get("field") or {}
            return CatalogProcedure(
                version=int(body["version"]), name=str(body["content"]["name"]), field_code=field.get("code")
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CatalogUnavailable(f"catalog answered an unexpected page for {path}") from exc
