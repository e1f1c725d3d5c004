"""Fixtures of intake's service tests: intake with the real catalogue and identity (see tests/support.py),
trusting a certification authority generated for the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from servicekit.testing import TokenFactory
from services.intake.tests.support import Suite, running_suite
from services.intake.tests.testca import TestCA


@pytest.fixture(scope="module")
def test_ca() -> TestCA:
    return TestCA()


@pytest.fixture(scope="module")
async def suite(
    pg_server_url: str,
    kafka_topics: str,
    token_factory: TokenFactory,
    tmp_path_factory: pytest.TempPathFactory,
    test_ca: TestCA,
) -> AsyncIterator[Suite]:
    storage: Path = tmp_path_factory.mktemp("intake-files")
    trust = test_ca.write_pem(tmp_path_factory.mktemp("trust"))
    async with running_suite(
        pg_server_url,
        kafka_topics,
        token_factory,
        storage_dir=str(storage),
        signature_trust_roots=[str(trust)],
    ) as running:
        yield running
