"""The transactional outbox and its relay against a real PostgreSQL and a real Kafka-protocol broker."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import Column, Table, Text, func, insert, select, update
from sqlalchemy.dialects.postgresql import UUID

from contracts.events import DOSSIER_SUBMITTED, DOSSIER_TOPIC, DossierSubmitted
from servicekit.db import Database, new_metadata
from servicekit.events import Event
from servicekit.kafka import KafkaClients
from servicekit.outbox import Outbox, OutboxRelay
from servicekit.requestctx import parse_traceparent, traceparent_var
from servicekit.tables import kit_tables
from servicekit.testing import eventually

METADATA = new_metadata()
KIT = kit_tables(METADATA)
DOSSIER = Table(
    "dossier",
    METADATA,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("agency_code", Text, nullable=False),
)
OUTBOX = KIT.outbox


def submitted(dossier_id: uuid.UUID) -> DossierSubmitted:
    now = datetime.now(UTC)
    return DossierSubmitted(
        dossier_id=dossier_id,
        agency_code="000.00.00.H01",
        procedure_code="1.001234",
        applicant_subject="citizen-1",
        occurred_at=now,
        procedure_version=1,
        channel="online",
        applicant_kind="citizen",
        applicant_name="Nguyễn Văn An",
        submitted_at=now,
    )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, pool_size=4)
    async with database.engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield database
    await database.dispose()


@pytest.fixture
def service() -> str:
    """A service name of its own: advisory lock, NOTIFY channel and metric labels are per service."""
    return f"sk{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def kafka(kafka_topics: str, service: str) -> AsyncIterator[KafkaClients]:
    clients = KafkaClients(kafka_topics, service=service)
    yield clients
    await clients.close()


def relay_for(db: Database, kafka: KafkaClients, service: str, **options: Any) -> OutboxRelay:
    options.setdefault("poll_interval", 0.5)
    options.setdefault("standby_interval", 0.1)
    return OutboxRelay(db, KIT, service=service, producer_factory=kafka.producer, **options)


@contextlib.asynccontextmanager
async def running(relay: OutboxRelay) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(relay.run())
    try:
        yield task
    finally:
        relay.stop()
        if not task.done():
            await asyncio.wait_for(task, 10)


async def file_dossier(
    db: Database, outbox: Outbox, dossier_id: uuid.UUID, *, key: str | None = None
) -> Event:
    """One unit of work: the business row and its event commit together."""
    async with db.transaction() as session:
        await session.execute(insert(DOSSIER).values(id=dossier_id, agency_code="000.00.00.H01"))
        return await outbox.add(session, DOSSIER_SUBMITTED, submitted(dossier_id), key=key or str(dossier_id))


async def unpublished(db: Database) -> int:
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
        )
    return int(count or 0)


async def all_published(db: Database) -> bool:
    return await unpublished(db) == 0


async def holds(value: object) -> bool:
    return bool(value)


async def records_at_least(records: list[Any], n: int) -> list[Any]:
    return records if len(records) >= n else []


async def test_events_committed_while_no_relay_runs_are_published_in_id_order_once_a_relay_starts(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    key = str(uuid.uuid4())  # one aggregate key: one partition, so the topic shows publication order

    # A relay was leader, then its process died abruptly (cancelled mid-wait, nothing drained).
    first = relay_for(db, kafka, service, poll_interval=30)
    async with running(first) as task:
        await eventually(lambda: holds(first.is_leader), timeout=10, message="first relay never led")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    # Meanwhile requests kept committing business rows with their events.
    events = [await file_dossier(db, outbox, uuid.uuid4(), key=key) for _ in range(5)]
    assert await unpublished(db) == 5

    async with running(relay_for(db, kafka, service)):
        records = await eventually(
            lambda: records_at_least(topic.with_key(key), 5), timeout=15, message="events not published"
        )
        await eventually(lambda: all_published(db), timeout=10)

    assert [topic.headers_of(r)["ce_id"] for r in records] == [e.id for e in events]
    async with db.transaction() as session:
        rows = (
            await session.execute(select(OUTBOX.c.event_id, OUTBOX.c.published_at).order_by(OUTBOX.c.id))
        ).all()
    assert [str(r.event_id) for r in rows] == [e.id for e in events]
    assert all(r.published_at is not None for r in rows)


async def test_rolled_back_transaction_publishes_nothing(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    key = str(uuid.uuid4())
    async with running(relay_for(db, kafka, service)):
        rolled_back: Event | None = None
        with pytest.raises(RuntimeError):
            async with db.transaction() as session:
                rolled_back = await outbox.add(session, DOSSIER_SUBMITTED, submitted(uuid.uuid4()), key=key)
                raise RuntimeError("validation failed after the event was recorded")
        assert rolled_back is not None
        # An event committed afterwards on the same partition proves the relay went past that point.
        marker = await file_dossier(db, outbox, uuid.uuid4(), key=key)
        records = await eventually(lambda: records_at_least(topic.with_key(key), 1), timeout=15)

    assert [topic.headers_of(r)["ce_id"] for r in records] == [marker.id]
    assert topic.with_event_id(rolled_back.id) == []
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(OUTBOX)) == 1


async def test_only_one_relay_leads_and_a_standby_takes_over_when_the_leader_stops(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    relays = [relay_for(db, kafka, service), relay_for(db, kafka, service)]
    most_leaders = 0

    async def watch() -> None:
        nonlocal most_leaders
        while True:
            most_leaders = max(most_leaders, sum(r.is_leader for r in relays))
            await asyncio.sleep(0.005)

    watcher = asyncio.create_task(watch())
    try:
        async with running(relays[0]), running(relays[1]):
            await eventually(lambda: holds(any(r.is_leader for r in relays)), timeout=10)
            leader = next(r for r in relays if r.is_leader)
            standby = next(r for r in relays if r is not leader)
            event = await file_dossier(db, outbox, uuid.uuid4())
            await eventually(lambda: records_at_least(topic.with_event_id(event.id), 1), timeout=15)
            assert not standby.is_leader

            leader.stop()
            await eventually(lambda: holds(standby.is_leader), timeout=10, message="standby never took over")
            after = await file_dossier(db, outbox, uuid.uuid4())
            await eventually(lambda: records_at_least(topic.with_event_id(after.id), 1), timeout=15)
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    assert most_leaders == 1
    assert len(topic.with_event_id(event.id)) == 1


async def test_notify_wakes_the_relay_long_before_its_polling_interval(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    async with running(relay_for(db, kafka, service, poll_interval=30)):
        # The first event may be picked up by the start-up sweep; once it is out, the relay is listening.
        warm_up = await file_dossier(db, outbox, uuid.uuid4())
        await eventually(lambda: records_at_least(topic.with_event_id(warm_up.id), 1), timeout=15)
        # Make sure the relay is back asleep, waiting on NOTIFY or its 30 s poll.
        await eventually(lambda: all_published(db), timeout=10)

        loop = asyncio.get_running_loop()
        started = loop.time()
        event = await file_dossier(db, outbox, uuid.uuid4())
        await eventually(lambda: records_at_least(topic.with_event_id(event.id), 1), timeout=5)
        assert loop.time() - started < 5


async def test_a_new_broker_epoch_gets_published_rows_again_but_the_same_epoch_does_not(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    key = str(uuid.uuid4())

    first = await file_dossier(db, outbox, uuid.uuid4(), key=key)
    async with running(relay_for(db, kafka, service, cluster_id="cluster-a")):
        await eventually(lambda: records_at_least(topic.with_key(key), 1), timeout=15)

    # Restart against the same broker: nothing already published goes out again.
    second = await file_dossier(db, outbox, uuid.uuid4(), key=key)
    async with running(relay_for(db, kafka, service, cluster_id="cluster-a")):
        await eventually(lambda: records_at_least(topic.with_key(key), 2), timeout=15)
    assert [topic.headers_of(r)["ce_id"] for r in topic.with_key(key)] == [first.id, second.id]

    # A broker with another cluster id lost everything: the retained rows are replayed, in id order.
    third = await file_dossier(db, outbox, uuid.uuid4(), key=key)
    async with running(relay_for(db, kafka, service, cluster_id="cluster-b")):
        records = await eventually(lambda: records_at_least(topic.with_key(key), 5), timeout=15)
        await eventually(lambda: all_published(db), timeout=10)
    assert [topic.headers_of(r)["ce_id"] for r in records] == [
        first.id,
        second.id,
        first.id,
        second.id,
        third.id,
    ]


async def test_published_record_is_a_binary_mode_cloudevent_keyed_by_the_aggregate(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    dossier_id = uuid.uuid4()
    payload = submitted(dossier_id)
    incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    token = traceparent_var.set(incoming)  # as if written while serving a traced request
    try:
        async with db.transaction() as session:
            event = await outbox.add(session, DOSSIER_SUBMITTED, payload, key=str(dossier_id))
    finally:
        traceparent_var.reset(token)

    async with running(relay_for(db, kafka, service)):
        [record] = await eventually(lambda: records_at_least(topic.with_event_id(event.id), 1), timeout=15)

    headers = topic.headers_of(record)
    assert record.topic == DOSSIER_TOPIC
    assert record.key == str(dossier_id).encode()
    assert headers["ce_id"] == event.id
    assert headers["ce_type"] == DOSSIER_SUBMITTED
    assert headers["ce_source"] == f"/motcua/{service}"
    assert headers["ce_specversion"] == "1.0"
    assert headers["content-type"] == "application/json"
    assert "ce_time" in headers
    parsed = parse_traceparent(headers["traceparent"])
    assert parsed is not None and parsed[0] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert DossierSubmitted.model_validate(json.loads(record.value)) == payload


async def test_outbox_gauges_show_a_stuck_row_and_clear_once_it_is_published(
    db: Database, kafka: KafkaClients, service: str, tail: Any
) -> None:
    topic = await tail(DOSSIER_TOPIC)
    outbox = Outbox(KIT, service=service)
    stuck = await file_dossier(db, outbox, uuid.uuid4())
    async with db.transaction() as session:
        await session.execute(
            update(OUTBOX).values(created_at=func.now() - func.make_interval(0, 0, 0, 0, 0, 2))
        )

    def gauge(name: str) -> float | None:
        return REGISTRY.get_sample_value(name, {"service": service})

    async with running(relay_for(db, kafka, service, poll_interval=0.1)):
        # Another transaction holds the row (as a stalled relay batch would): it cannot go out yet.
        async with db.transaction() as holder:
            await holder.execute(select(OUTBOX.c.id).with_for_update())
            await eventually(lambda: holds(gauge("outbox_pending_events") == 1), timeout=10)
            lag = gauge("outbox_lag_seconds")
            assert lag is not None and lag >= 120
        await eventually(lambda: records_at_least(topic.with_event_id(stuck.id), 1), timeout=15)
        await eventually(lambda: holds(gauge("outbox_pending_events") == 0), timeout=10)
        assert gauge("outbox_lag_seconds") == 0.0
        assert (REGISTRY.get_sample_value("outbox_published_total", {"service": service}) or 0) >= 1
