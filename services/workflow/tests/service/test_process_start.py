"""Workflow in-process: a submitted dossier gets exactly one process instance, however often the
event arrives."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from contracts.events import DOSSIER_SUBMITTED, DOSSIER_TOPIC, PROCESS_STARTED, DossierSubmitted
from contracts.lifecycle import ApplicantKind, Channel
from servicekit.app import runtime_of
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import collect, publish
from servicekit.testing.plugin import service_under_test
from workflow.app import create_app
from workflow.processes.models import ProcessInstance
from workflow.settings import WorkflowSettings

SERVICE_DIR = Path(__file__).resolve().parents[2]
AGENCY = "000.00.00.G12"


@pytest.fixture(scope="module")
async def workflow(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    async with service_under_test(
        create_app,
        WorkflowSettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
    ) as pair:
        yield pair


def submitted(dossier_id: uuid.UUID, subject: str) -> DossierSubmitted:
    now = utcnow()
    return DossierSubmitted(
        dossier_id=dossier_id,
        agency_code=AGENCY,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=now,
        procedure_version=1,
        channel=Channel.ONLINE,
        applicant_kind=ApplicantKind.CITIZEN,
        applicant_name="Lê Văn Cường",
        submitted_at=now,
    )


async def instances(app: Any, dossier_id: uuid.UUID) -> int:
    async with runtime_of(app).db.transaction() as session:
        n = await session.scalar(
            select(func.count()).select_from(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
        )
    return int(n or 0)


async def test_duplicate_and_repeated_submissions_open_one_instance_and_one_event(
    workflow,
    kafka_topics: str,
    token_factory: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    client, app = workflow
    dossier_id = uuid.uuid4()
    payload = submitted(dossier_id, "citizen-1")
    first = await publish(kafka_topics, DOSSIER_SUBMITTED, payload, key=str(dossier_id))
    await publish(
        kafka_topics, DOSSIER_SUBMITTED, payload, key=str(dossier_id), event_id=first.id
    )  # redelivery
    await publish(kafka_topics, DOSSIER_SUBMITTED, payload, key=str(dossier_id))  # same dossier, new event id
    await eventually(lambda: instances(app, dossier_id), message="process instance")

    events = await collect(
        kafka_topics,
        DOSSIER_TOPIC,
        until=lambda evs: any(e.type == PROCESS_STARTED and e.key == str(dossier_id) for e in evs),
    )
    started = [e for e in events if e.type == PROCESS_STARTED and e.key == str(dossier_id)]
    assert len(started) == 1
    assert started[0].data["applicant_subject"] == "citizen-1"
    assert await instances(app, dossier_id) == 1

    officer = token_factory.headers(kind="official", roles=["specialist"], agencies=[AGENCY])
    response = await client.get(f"/v1/processes/by-dossier/{dossier_id}", headers=officer)
    assert response.status_code == 200
    assert response.json()["stage"] == "awaiting_reception"
    citizen = await client.get(
        f"/v1/processes/by-dossier/{dossier_id}", headers=token_factory.headers("citizen-1")
    )
    assert citizen.status_code == 403
