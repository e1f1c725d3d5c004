"""Small pieces every simulator shares: clocks, health endpoints, logging, bounded filters."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta, timezone

from fastapi import APIRouter, FastAPI, HTTPException

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]

#: Vietnamese providers speak local time; their payloads carry it with an explicit offset.
VIETNAM_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def utc_now() -> datetime:
    return datetime.now(UTC)


def rfc3339(moment: datetime) -> str:
    """UTC RFC 3339 with microseconds and a `Z` (the simulators' own inspection APIs)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def vietnam_time(moment: datetime) -> str:
    """ISO 8601 local time with its offset, e.g. `2026-01-05T10:00:00+07:00` (provider payloads)."""
    return moment.astimezone(VIETNAM_TZ).isoformat(timespec="seconds")


def parse_since(value: str | None) -> datetime | None:
    """The `since` query parameter: an RFC 3339 timestamp (a naive one is taken as UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise HTTPException(422, detail=f"since: not an RFC 3339 timestamp: {value!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def health_router() -> APIRouter:
    """`/healthz` and `/readyz`: a simulator has no dependencies, so alive means ready."""
    router = APIRouter(tags=["ops"])

    @router.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", include_in_schema=False)
    async def readyz() -> dict[str, str]:
        return {"status": "ok"}

    return router


def ensure_log_handler() -> None:
    """Print the simulators' INFO lines when nothing else configured logging (a bare uvicorn)."""
    logger = logging.getLogger("simulators")
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())


def simulator_app(title: str, description: str, lifespan: Lifespan) -> FastAPI:
    app = FastAPI(title=title, description=description, version="0.1.0", lifespan=lifespan)
    app.include_router(health_router())
    return app


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default
