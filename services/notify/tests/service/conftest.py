"""Fixtures of notify's service tests: notify in-process on a fresh database and broker (per module)
with a real SMTP server (the mail sink simulator) to send to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from notify.app import create_app
from notify.settings import NotifySettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test
from services.notify.tests.service.support import FAST_RETRIES, Notify
from simulators.mailsink.server import MailSink

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
async def sink() -> AsyncIterator[MailSink]:
    async with MailSink() as running:
        yield running


@pytest.fixture(scope="module")
async def notify(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory, sink: MailSink
) -> AsyncIterator[Notify]:
    async with service_under_test(
        create_app,
        NotifySettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
        smtp_host=sink.host,
        smtp_port=sink.port,
        **FAST_RETRIES,
    ) as (client, app):
        yield Notify(client=client, app=app, kafka=kafka_topics, tokens=token_factory, sink=sink)
