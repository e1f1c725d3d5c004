"""Fixtures of nationalsync's service tests: the service in-process on a fresh database and broker (per
module), the national hub simulator on a real port, and a stand-in for catalog's procedure pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, HTTPException

from nationalsync.app import create_app
from nationalsync.settings import NationalSyncSettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test
from services.nationalsync.tests.service.support import FAST, Sync, teach_names
from simulators.testing import RunningNationalHub, run_national_hub, serve_app

SERVICE_DIR = Path(__file__).resolve().parents[2]

#: Procedure pages catalog would serve (code → version → page), for procedures the topic never told.
CATALOG_PAGES: dict[str, dict[str, Any]] = {
    "2.000635": {
        "version": 2,
        "content": {"name": "Cấp bản sao trích lục hộ tịch"},
        "field": {"code": "G09-TP05"},
    },
}


def catalog_standin() -> FastAPI:
    """Catalog's public procedure page, the two fields nationalsync reads."""
    app = FastAPI()

    @app.get("/v1/procedures/{code}/versions/{number}")
    async def version(code: str, number: int) -> dict[str, Any]:
        page = CATALOG_PAGES.get(code)
        if page is None or page["version"] != number:
            raise HTTPException(404)
        return page

    @app.get("/v1/procedures/{code}")
    async def in_force(code: str) -> dict[str, Any]:
        if code not in CATALOG_PAGES:
            raise HTTPException(404)
        return CATALOG_PAGES[code]

    return app


@pytest.fixture(scope="module")
async def hub() -> AsyncIterator[RunningNationalHub]:
    async with run_national_hub(timeout_fault_delay=1.5) as running:
        yield running


@pytest.fixture(scope="module")
async def catalog_url() -> AsyncIterator[str]:
    async with serve_app(catalog_standin()) as url:
        yield url


@pytest.fixture(scope="module")
def sync_settings() -> dict[str, Any]:
    """Settings a module overrides for its service."""
    return {}


@pytest.fixture(scope="module")
async def sync(
    pg_server_url: str,
    kafka_topics: str,
    token_factory: TokenFactory,
    hub: RunningNationalHub,
    catalog_url: str,
    sync_settings: dict[str, Any],
) -> AsyncIterator[Sync]:
    async with service_under_test(
        create_app,
        NationalSyncSettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
        hub_url=hub.base_url,
        hub_client_id=hub.client_id,
        hub_client_secret=hub.client_secret,
        service_base_url_catalog=catalog_url,
        **(FAST | sync_settings),
    ) as (client, app):
        running = Sync(client=client, app=app, kafka=kafka_topics, tokens=token_factory, hub=hub)
        await teach_names(running)
        yield running


@pytest.fixture(autouse=True)
async def _hub_back_to_normal(hub: RunningNationalHub) -> AsyncIterator[None]:
    await hub.clear_faults()
    await hub.open_agencies()
    yield
    await hub.clear_faults()
    await hub.open_agencies()
