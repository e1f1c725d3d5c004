"""Identity in-process on a fresh migrated database with a real broker; OTP codes go to a real HTTP
receiver speaking notify's contract; demo accounts and clients seeded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from identity.app import create_app
from identity.context import Identity
from identity.seed import seed
from identity.settings import IdentitySettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test
from services.identity.tests.support import Browser, OtpReceiver, serve

SERVICE_DIR = Path(__file__).resolve().parents[2]
FAST_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
#: The demo citizen signs in many times per module; the per-name limit has its own test.
TEST_LIMITS = {"login_rate_per_username": 100}


@dataclass
class Provider:
    client: httpx.AsyncClient
    app: FastAPI
    otp: OtpReceiver
    tokens: TokenFactory

    @property
    def identity(self) -> Identity:
        identity: Identity = self.app.state.identity
        return identity

    @property
    def settings(self) -> IdentitySettings:
        return self.identity.settings

    def browser(self) -> Browser:
        client = httpx.AsyncClient(transport=self.client._transport, base_url="http://testserver")
        return Browser(client, prefix=self.settings.endpoint_prefix)

    async def refresh_jwks(self) -> None:
        self.otp.jwks = (await self.client.get(f"{self.settings.endpoint_prefix}/jwks")).json()


async def start_provider(
    pg_server_url: str, kafka_bootstrap: str, tokens: TokenFactory, **settings: Any
) -> AsyncIterator[Provider]:
    receiver = OtpReceiver()
    async with serve(receiver.app()) as url:
        receiver.url = url
        async with service_under_test(
            create_app,
            IdentitySettings,
            SERVICE_DIR,
            server_url=pg_server_url,
            kafka_bootstrap=kafka_bootstrap,
            tokens=tokens,
            notify_base_url=url,
            **(FAST_ARGON2 | TEST_LIMITS | settings),
        ) as (client, app):
            provider = Provider(client, app, receiver, tokens)
            await seed(provider.settings, out=lambda _line: None)
            await provider.refresh_jwks()
            yield provider


@pytest.fixture(scope="module")
async def provider(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[Provider]:
    async for p in start_provider(pg_server_url, kafka_topics, token_factory):
        yield p
