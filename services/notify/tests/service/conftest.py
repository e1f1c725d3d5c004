"""Fixtures of notify's service tests: notify in-process on a fresh database and broker (per module)
with a real SMTP server (the mail sink simulator) to send to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from notify.app import create_app
from notify.settings import NotifySettings
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test
from services.notify.tests.service.standins import IntakeStandIn, intake_lookup_app
from services.notify.tests.service.support import FAST_RETRIES, Notify, served_notify
from simulators.mailsink.server import MailSink
from simulators.testing import RunningSmsSimulator, run_sms_simulator, serve_app

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


# --- notify over real HTTP with the SMS simulator and intake's lookup, for callback-driven tests ---


@pytest.fixture(scope="module")
def served_settings() -> dict[str, Any]:
    """Settings a module overrides (limits, timeouts) for its ``served`` notify."""
    return {}


@pytest.fixture(scope="module")
async def sms_sim() -> AsyncIterator[RunningSmsSimulator]:
    async with run_sms_simulator() as simulator:
        yield simulator


@pytest.fixture(scope="module")
async def intake() -> AsyncIterator[IntakeStandIn]:
    dossiers: dict[str, dict[str, Any]] = {}
    app = intake_lookup_app(dossiers)
    async with serve_app(app) as url:
        yield IntakeStandIn(url=url, app=app, dossiers=dossiers)


@pytest.fixture(scope="module")
async def served(
    pg_server_url: str,
    kafka_topics: str,
    token_factory: TokenFactory,
    sink: MailSink,
    sms_sim: RunningSmsSimulator,
    intake: IntakeStandIn,
    served_settings: dict[str, Any],
) -> AsyncIterator[Notify]:
    async with served_notify(
        server_url=pg_server_url,
        kafka=kafka_topics,
        tokens=token_factory,
        sink=sink,
        sms=sms_sim,
        intake_url=intake.url,
        **served_settings,
    ) as running:
        yield running
