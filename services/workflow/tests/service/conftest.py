"""Fixtures of workflow's service tests: workflow in-process on a fresh database and broker (per module),
with the demo agencies and procedure time limits published by "catalog" through the broker."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from servicekit.testing import TokenFactory
from services.workflow.tests.service.support import (
    CITY,
    FINANCE_DEPT,
    JUSTICE_DEPT,
    MINISTRY,
    WARD,
    Workflow,
    running_workflow,
)

#: Procedures the tests process: (code, receiving agency, legal limit in working days).
PROCEDURES = [
    ("1.001612", CITY, 3),
    ("2.000488", JUSTICE_DEPT, 10),
    ("1.005129", MINISTRY, 5),
    ("2.001610", FINANCE_DEPT, 3),
    ("1.001193", WARD, 1),
    ("1.009994", CITY, 15),
    ("1.000894", WARD, 12),
]


@pytest.fixture(scope="module")
async def wf(pg_server_url: str, kafka_topics: str, token_factory: TokenFactory) -> AsyncIterator[Workflow]:
    async with running_workflow(pg_server_url, kafka_topics, token_factory) as workflow:
        await workflow.publish_directory(procedures=PROCEDURES)
        yield workflow
