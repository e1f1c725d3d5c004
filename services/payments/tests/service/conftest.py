"""Fixtures of payments' service tests: the real catalogue for the whole session; per module a broker,
payments on its own database over real HTTP and a VNPay simulator calling it back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from servicekit.testing import TokenFactory
from services.payments.tests.service.support import Payments, running_catalog, served_payments


@pytest.fixture(scope="session")
async def catalog_url(pg_server_url: str, token_factory: TokenFactory) -> AsyncIterator[str]:
    async with running_catalog(pg_server_url, token_factory) as url:
        yield url


@pytest.fixture(scope="module")
def payments_overrides() -> dict[str, Any]:
    """Settings a module changes for its payments service."""
    return {}


@pytest.fixture(scope="module")
async def payments(
    pg_server_url: str,
    kafka_topics: str,
    token_factory: TokenFactory,
    catalog_url: str,
    payments_overrides: dict[str, Any],
) -> AsyncIterator[Payments]:
    async with served_payments(
        server_url=pg_server_url,
        kafka=kafka_topics,
        tokens=token_factory,
        catalog_url=catalog_url,
        **payments_overrides,
    ) as running:
        yield running
