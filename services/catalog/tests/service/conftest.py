"""Fixtures of the catalog's service tests: the service in-process on a fresh database and broker
(per module), with the agencies, sector and field most tests build on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from catalog.app import create_app
from catalog.settings import CatalogSettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test
from services.catalog.tests.service.support import Catalog

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
async def catalog(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[Catalog]:
    async with service_under_test(
        create_app,
        CatalogSettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
        statistics_cache_seconds=0,  # figures change under the tests' eyes: never serve a kept one
    ) as (client, app):
        running = Catalog(client=client, app=app, kafka=kafka_topics, tokens=token_factory)
        await running.basics()
        yield running
