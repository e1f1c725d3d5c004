"""Fixtures of the feedback and ratings service tests (see support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from servicekit.testing import TokenFactory
from services.intake.tests.service.voice.support import Voice, running_voice


@pytest.fixture(scope="module")
async def voice(pg_server_url: str, kafka_topics: str, token_factory: TokenFactory) -> AsyncIterator[Voice]:
    async with running_voice(
        pg_server_url,
        kafka_topics,
        token_factory,
        feedback_anonymous_per_hour=3,
        feedback_per_contact_day=4,
        rating_edit_days=7,
    ) as running:
        yield running
