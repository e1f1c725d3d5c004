"""Notify in-process: lifecycle events become in-app messages (R-NOTI-3), once each, visible only to
their recipient, marked read per message."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contracts.events import PROCESS_STARTED, ProcessStarted
from notify.app import create_app
from notify.settings import NotifySettings
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import publish
from servicekit.testing.plugin import service_under_test

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
async def notify(
    pg_server_url: str, kafka_topics: str, token_factory: TokenFactory
) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    async with service_under_test(
        create_app,
        NotifySettings,
        SERVICE_DIR,
        server_url=pg_server_url,
        kafka_bootstrap=kafka_topics,
        tokens=token_factory,
    ) as pair:
        yield pair


def started(dossier_id: uuid.UUID, subject: str) -> ProcessStarted:
    return ProcessStarted(
        dossier_id=dossier_id,
        dossier_code="000.00.00.G12-261123-0007",
        process_instance_id=uuid.uuid4(),
        agency_code="000.00.00.G12",
        applicant_subject=subject,
        started_at=utcnow(),
    )


async def test_each_event_gives_one_message_to_its_applicant_only(
    notify,
    kafka_topics: str,
    token_factory: TokenFactory,  # type: ignore[no-untyped-def]
) -> None:
    client, _ = notify
    owner, other = f"citizen-{uuid.uuid4()}", f"citizen-{uuid.uuid4()}"
    dossier_id = uuid.uuid4()
    event = await publish(kafka_topics, PROCESS_STARTED, started(dossier_id, owner), key=str(dossier_id))
    await publish(
        kafka_topics, PROCESS_STARTED, started(dossier_id, owner), key=str(dossier_id), event_id=event.id
    )

    async def inbox() -> list[dict[str, Any]]:
        return (await client.get("/v1/inbox", headers=token_factory.headers(owner))).json()["items"]  # type: ignore[no-any-return]

    items = await eventually(inbox, message="message in the inbox")
    # A second, later event proves the redelivery before it was already processed (and skipped).
    second = uuid.uuid4()
    await publish(kafka_topics, PROCESS_STARTED, started(second, owner), key=str(second))
    items = await eventually(lambda: _at_least(inbox, 2), message="second message")
    assert [i["dossier_id"] for i in items] == [str(second), str(dossier_id)]
    assert "000.00.00.G12-261123-0007" in items[0]["body"]
    assert (await client.get("/v1/inbox", headers=token_factory.headers(other))).json()["items"] == []

    unread = await client.get("/v1/inbox/unread-count", headers=token_factory.headers(owner))
    assert unread.json() == {"unread": 2}
    stolen = await client.post(f"/v1/inbox/{items[0]['id']}/read", headers=token_factory.headers(other))
    assert stolen.status_code == 404
    read = await client.post(f"/v1/inbox/{items[0]['id']}/read", headers=token_factory.headers(owner))
    assert read.status_code == 200 and read.json()["read_at"]
    again = await client.post(f"/v1/inbox/{items[0]['id']}/read", headers=token_factory.headers(owner))
    assert again.json()["read_at"] == read.json()["read_at"]
    unread = await client.get("/v1/inbox/unread-count", headers=token_factory.headers(owner))
    assert unread.json() == {"unread": 1}


async def _at_least(probe: Any, n: int) -> list[dict[str, Any]] | None:
    items: list[dict[str, Any]] = await probe()
    return items if len(items) >= n else None


async def test_the_inbox_needs_a_signed_in_user(notify) -> None:  # type: ignore[no-untyped-def]
    client, _ = notify
    response = await client.get("/v1/inbox")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
