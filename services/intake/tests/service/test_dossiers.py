"""Intake in-process with a real PostgreSQL and broker: filing and reading dossiers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, select

from contracts.events import DOSSIER_SUBMITTED, DOSSIER_TOPIC
from intake.app import create_app
from intake.db import tables
from intake.dossiers.models import Dossier
from intake.settings import IntakeSettings
from servicekit.app import runtime_of
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.plugin import service_under_test

SERVICE_DIR = Path(__file__).resolve().parents[2]
AGENCY = "000.00.00.G12"


@pytest.fixture(scope="module")
async def intake(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    async with service_under_test(
        create_app,
        IntakeSettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
    ) as pair:
        yield pair


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure_code": "1.005129",
        "procedure_version": 3,
        "agency_code": AGENCY,
        "form_data": {"ho_ten": "Trần Thị Bình"},
    }
    return data | overrides


def applicant(tokens: TokenFactory, subject: str, **kwargs: Any) -> dict[str, str]:
    return tokens.headers(subject, **kwargs) | {"Idempotency-Key": str(uuid.uuid4())}


async def count_rows(app: Any, subject: str) -> tuple[int, int]:
    async with runtime_of(app).db.transaction() as session:
        dossiers = await session.scalar(
            select(func.count()).select_from(Dossier).where(Dossier.applicant_subject == subject)
        )
        events = await session.scalar(
            select(func.count())
            .select_from(tables.outbox)
            .join(Dossier, tables.outbox.c.key == func.cast(Dossier.id, tables.outbox.c.key.type))
            .where(Dossier.applicant_subject == subject)
        )
    return int(dossiers or 0), int(events or 0)


async def test_filing_stores_the_dossier_and_its_event_together(intake, token_factory: TokenFactory) -> None:  # type: ignore[no-untyped-def]
    client, app = intake
    subject = f"citizen-{uuid.uuid4()}"
    response = await client.post(
        "/v1/dossiers", json=body(), headers=applicant(token_factory, subject, name="Trần Thị Bình")
    )
    assert response.status_code == 201, response.text
    dossier = response.json()
    assert dossier["status"] == "submitted"
    assert dossier["channel"] == "online"
    assert dossier["applicant_name"] == "Trần Thị Bình"
    assert dossier["procedure_version"] == 3  # R-CAT-5: the dossier keeps its procedure version
    assert response.headers["etag"] == '"1"'
    assert await count_rows(app, subject) == (1, 1)

    consumer = AIOKafkaConsumer(
        DOSSIER_TOPIC,
        bootstrap_servers=runtime_of(app).settings.kafka_bootstrap_servers,
        group_id=f"probe-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:

        async def published() -> dict[str, bytes] | None:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for record in records:
                    if record.key == dossier["id"].encode():
                        return dict(record.headers)
            return None

        headers = await eventually(published, timeout=20, message="dossier.submitted on the topic")
    finally:
        await consumer.stop()
    assert headers["ce_type"] == DOSSIER_SUBMITTED.encode()
    assert headers["ce_subject"] == dossier["id"].encode()


async def test_an_organisation_files_as_an_organisation(intake, token_factory: TokenFactory) -> None:  # type: ignore[no-untyped-def]
    client, _ = intake
    response = await client.post(
        "/v1/dossiers", json=body(), headers=applicant(token_factory, "org-0101234567", kind="organisation")
    )
    assert response.status_code == 201
    assert response.json()["applicant_kind"] == "organisation"


async def test_codes_in_the_wrong_national_format_are_refused(intake, token_factory: TokenFactory) -> None:  # type: ignore[no-untyped-def]
    client, app = intake
    subject = f"citizen-{uuid.uuid4()}"
    for bad in (
        {"agency_code": "000.00.00.X12"},  # R-FMT-1: level-1 unit letter is G, H or K
        {"agency_code": "00.00.00.G12"},
        {"procedure_code": "1.00512"},  # R-FMT-3: d.dddddd
        {"procedure_version": 0},
    ):
        response = await client.post(
            "/v1/dossiers", json=body(**bad), headers=applicant(token_factory, subject)
        )
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["errors"][0]["field"] == next(iter(bad))
    local = await client.post(
        "/v1/dossiers",
        json=body(procedure_code="2.000815.000.00.00.H55"),
        headers=applicant(token_factory, subject),
    )
    assert local.status_code == 201  # a local service may append the agency code
    assert await count_rows(app, subject) == (1, 1)


async def test_idempotency_key_is_required_to_file(intake, token_factory: TokenFactory) -> None:  # type: ignore[no-untyped-def]
    client, _ = intake
    response = await client.post("/v1/dossiers", json=body(), headers=token_factory.headers("c-1"))
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


async def test_only_the_applicant_and_the_agencys_officials_see_a_dossier(
    intake, token_factory: TokenFactory
) -> None:  # type: ignore[no-untyped-def]
    client, _ = intake
    owner = f"citizen-{uuid.uuid4()}"
    created = (await client.post("/v1/dossiers", json=body(), headers=applicant(token_factory, owner))).json()
    path = f"/v1/dossiers/{created['id']}"
    assert (await client.get(path, headers=token_factory.headers(owner))).status_code == 200
    officer = token_factory.headers(kind="official", roles=["reception_officer"], agencies=[AGENCY])
    assert (await client.get(path, headers=officer)).status_code == 200
    for outsider in (
        token_factory.headers(f"citizen-{uuid.uuid4()}"),
        token_factory.headers(kind="official", roles=["reception_officer"], agencies=["000.00.00.H49"]),
    ):
        response = await client.get(path, headers=outsider)
        assert response.status_code == 404
        assert response.json()["code"] == "dossier_not_found"
    missing = await client.get(f"/v1/dossiers/{uuid.uuid4()}", headers=token_factory.headers(owner))
    assert missing.json()["code"] == "dossier_not_found"


async def test_my_dossiers_are_listed_newest_first_page_by_page(intake, token_factory: TokenFactory) -> None:  # type: ignore[no-untyped-def]
    client, _ = intake
    owner = f"citizen-{uuid.uuid4()}"
    ids = []
    for version in range(1, 6):
        response = await client.post(
            "/v1/dossiers", json=body(procedure_version=version), headers=applicant(token_factory, owner)
        )
        ids.append(response.json()["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/v1/dossiers", params=params, headers=token_factory.headers(owner))).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    bad = await client.get("/v1/dossiers", params={"cursor": "%%%"}, headers=token_factory.headers(owner))
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"
