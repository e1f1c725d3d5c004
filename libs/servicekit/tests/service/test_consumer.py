"""The event consumer against a real PostgreSQL and broker: inbox dedupe, retries, the DLQ, offsets."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import RecordMetadata
from prometheus_client import REGISTRY
from sqlalchemy import BigInteger, Column, Identity, Table, func, insert, select
from sqlalchemy.dialects.postgresql import UUID

import servicekit.kafka
from contracts.events import DOSSIER_SUBMITTED, DOSSIER_TOPIC, DossierSubmitted, dlq_topic
from servicekit.consumer import Delivery, EventConsumer, PermanentError
from servicekit.db import Database, new_metadata
from servicekit.events import Event, to_kafka
from servicekit.kafka import KafkaClients
from servicekit.tables import kit_tables
from servicekit.testing import eventually

METADATA = new_metadata()
KIT = kit_tables(METADATA)
# What the handler does to the service's own data: one row per handled event.
EFFECT = Table(
    "effect",
    METADATA,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("dossier_id", UUID(as_uuid=True), nullable=False),
)
DLQ = dlq_topic(DOSSIER_TOPIC)
MAX_ATTEMPTS = 3
ALWAYS = 1_000_000


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
        applicant_name="Trần Thị Bình",
        submitted_at=now,
    )


def dossier_event(*, key: str | None = None) -> Event:
    """A DossierSubmitted event of a new dossier, keyed by it unless ``key`` (to share a partition)."""
    dossier_id = uuid.uuid4()
    return Event.create(
        DOSSIER_SUBMITTED, submitted(dossier_id), source="/motcua/intake", key=key or str(dossier_id)
    )


class RecordingHandler:
    """Writes an effect row in the delivery's transaction, then fails as planned for some dossiers."""

    def __init__(self) -> None:
        self.attempts: Counter[uuid.UUID] = Counter()
        self.failures: dict[uuid.UUID, int] = {}
        self.permanent: set[uuid.UUID] = set()
        self.seen_event_ids: list[str] = []

    async def __call__(self, delivery: Delivery) -> None:
        payload = delivery.payload
        assert isinstance(payload, DossierSubmitted)
        self.attempts[payload.dossier_id] += 1
        self.seen_event_ids.append(delivery.event.id)
        await delivery.session.execute(
            insert(EFFECT).values(event_id=delivery.event.uuid, dossier_id=payload.dossier_id)
        )
        if payload.dossier_id in self.permanent:
            raise PermanentError("procedure withdrawn from the catalogue")
        if self.attempts[payload.dossier_id] <= self.failures.get(payload.dossier_id, 0):
            raise RuntimeError("civil registry timed out")


@pytest.fixture(autouse=True)
def quick_group_joins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorten the group session for the test broker; ``KafkaClients.consumer`` is otherwise unchanged.

    Tansu holds a group's first JoinGroup for half the session timeout and numbers that generation 0,
    so aiokafka skips LeaveGroup on stop and a restarted member waits out the old session: with the
    10 s default every consumer start costs ~5 s and a restart ~18 s.
    """
    monkeypatch.setattr(
        servicekit.kafka,
        "AIOKafkaConsumer",
        functools.partial(AIOKafkaConsumer, session_timeout_ms=1000, heartbeat_interval_ms=100),
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
    """Its own consumer group (``motcua-<service>``) and metric labels."""
    return f"sk{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def kafka(kafka_topics: str, service: str) -> AsyncIterator[KafkaClients]:
    clients = KafkaClients(kafka_topics, service=service)
    yield clients
    await clients.close()


@pytest.fixture
async def upstream(kafka_topics: str) -> AsyncIterator[AIOKafkaProducer]:
    """The producing side (another service's relay) as a plain producer."""
    clients = KafkaClients(kafka_topics, service="upstream")
    yield await clients.producer()
    await clients.close()


@contextlib.asynccontextmanager
async def consuming(
    db: Database, kafka: KafkaClients, service: str, handler: RecordingHandler
) -> AsyncIterator[EventConsumer]:
    consumer = EventConsumer(
        db,
        KIT,
        service=service,
        handlers={DOSSIER_SUBMITTED: handler},
        consumer_factory=kafka.consumer,
        producer_factory=kafka.producer,
        max_attempts=MAX_ATTEMPTS,
        backoff_seconds=0.01,
    )
    task = asyncio.create_task(consumer.run())
    try:
        yield consumer
    finally:
        consumer.stop()
        await asyncio.wait_for(task, 15)


async def publish(producer: AIOKafkaProducer, event: Event) -> RecordMetadata:
    message = to_kafka(event)
    assert event.key is not None
    return await producer.send_and_wait(
        DOSSIER_TOPIC, value=message.value, key=event.key.encode(), headers=list(message.headers.items())
    )


async def effects_of_event(db: Database, event: Event) -> int:
    """How many effect rows the event left (the probe for "handled")."""
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(EFFECT).where(EFFECT.c.event_id == event.uuid)
        )
    return int(count or 0)


async def inbox_entries(db: Database, event: Event) -> int:
    inbox = KIT.inbox
    async with db.transaction() as session:
        count = await session.scalar(
            select(func.count()).select_from(inbox).where(inbox.c.event_id == event.uuid)
        )
    return int(count or 0)


async def records_at_least(records: list[Any], n: int) -> list[Any]:
    return records if len(records) >= n else []


def counter(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_the_same_event_delivered_twice_has_one_effect(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer
) -> None:
    handler = RecordingHandler()
    event = dossier_event()
    # A relay that crashed before marking its row publishes the same CloudEvent (same ce_id) again.
    await publish(upstream, event)
    await publish(upstream, event)
    later = dossier_event(key=event.key)  # same partition, behind both copies

    async with consuming(db, kafka, service, handler):
        await publish(upstream, later)
        await eventually(
            lambda: effects_of_event(db, later), timeout=20, message="the later event was not handled"
        )

    assert await effects_of_event(db, event) == 1
    assert await inbox_entries(db, event) == 1
    assert handler.seen_event_ids.count(event.id) == 1
    labels = {"service": service, "type": DOSSIER_SUBMITTED, "outcome": "duplicate"}
    assert counter("consumer_events_total", labels) >= 1


async def test_poison_event_is_retried_then_parked_on_the_dlq_and_the_next_event_is_handled(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer, tail: Any
) -> None:
    dlq = await tail(DLQ)
    handler = RecordingHandler()
    poison = dossier_event()
    assert poison.key is not None
    handler.failures[uuid.UUID(poison.key)] = ALWAYS
    following = dossier_event(key=poison.key)
    dlq_before = counter("dlq_events_total", {"service": service, "topic": DOSSIER_TOPIC})

    async with consuming(db, kafka, service, handler):
        await publish(upstream, poison)
        await publish(upstream, following)  # same key: same partition, queued behind the poison event
        [parked] = await eventually(
            lambda: records_at_least(dlq.with_event_id(poison.id), 1), timeout=20, message="not parked"
        )
        await eventually(
            lambda: effects_of_event(db, following), timeout=20, message="the consumer did not move on"
        )

    assert handler.attempts[uuid.UUID(poison.key)] == MAX_ATTEMPTS
    headers = dlq.headers_of(parked)
    assert headers["dlq_error"] == "RuntimeError: civil registry timed out"
    assert headers["dlq_attempts"] == str(MAX_ATTEMPTS)
    assert headers["dlq_consumer"] == service
    assert headers["dlq_source"].startswith(f"{DOSSIER_TOPIC}/")
    assert headers["ce_type"] == DOSSIER_SUBMITTED  # the original CloudEvent travels unchanged
    assert parked.key == poison.key.encode()
    assert parked.value == to_kafka(poison).value
    # Every failed attempt was rolled back: no partial effect, and the event may be replayed from the DLQ.
    assert await effects_of_event(db, poison) == 0
    assert await inbox_entries(db, poison) == 0
    assert counter("dlq_events_total", {"service": service, "topic": DOSSIER_TOPIC}) == dlq_before + 1


async def test_a_handler_that_fails_leaves_no_partial_effect_and_no_inbox_entry(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer, tail: Any
) -> None:
    dlq = await tail(DLQ)
    handler = RecordingHandler()
    doomed = dossier_event()
    assert doomed.key is not None
    handler.permanent.add(uuid.UUID(doomed.key))

    async with consuming(db, kafka, service, handler):
        await publish(upstream, doomed)
        [parked] = await eventually(lambda: records_at_least(dlq.with_event_id(doomed.id), 1), timeout=20)

    # A PermanentError is parked at once, without retries.
    assert handler.attempts[uuid.UUID(doomed.key)] == 1
    assert dlq.headers_of(parked)["dlq_error"] == "permanent: procedure withdrawn from the catalogue"
    # The handler had written its effect before failing: that write was rolled back with the inbox row.
    assert await effects_of_event(db, doomed) == 0
    assert await inbox_entries(db, doomed) == 0


async def test_a_transient_failure_is_retried_and_handled_once_without_dead_lettering(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer, tail: Any
) -> None:
    dlq = await tail(DLQ)
    handler = RecordingHandler()
    event = dossier_event()
    assert event.key is not None
    handler.failures[uuid.UUID(event.key)] = 2

    async with consuming(db, kafka, service, handler):
        await publish(upstream, event)
        await eventually(lambda: effects_of_event(db, event), timeout=20)

    assert handler.attempts[uuid.UUID(event.key)] == 3
    assert await effects_of_event(db, event) == 1
    assert await inbox_entries(db, event) == 1
    assert dlq.with_event_id(event.id) == []
    labels = {"service": service, "type": DOSSIER_SUBMITTED, "outcome": "handled"}
    assert counter("consumer_events_total", labels) >= 1


async def test_unreadable_records_go_straight_to_the_dlq_and_the_consumer_moves_on(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer, tail: Any
) -> None:
    dlq = await tail(DLQ)
    handler = RecordingHandler()
    key = str(uuid.uuid4())
    good = dossier_event(key=key)
    not_json = to_kafka(dossier_event(key=key))
    breaks_contract = Event.create(
        DOSSIER_SUBMITTED, {"dossier_id": "not-a-uuid", "agency_code": ""}, source="/motcua/intake", key=key
    )

    async with consuming(db, kafka, service, handler):
        # 1. No CloudEvents headers at all (someone produced by hand).
        await upstream.send_and_wait(DOSSIER_TOPIC, value=b'{"hello": 1}', key=key.encode(), headers=[])
        # 2. CloudEvents headers, but the data is not JSON.
        await upstream.send_and_wait(
            DOSSIER_TOPIC, value=b"{not json", key=key.encode(), headers=list(not_json.headers.items())
        )
        # 3. A readable CloudEvent whose data breaks the DossierSubmitted contract.
        await publish(upstream, breaks_contract)
        # 4. A CloudEvent whose id is not a UUID: the inbox could never record it.
        await upstream.send_and_wait(
            DOSSIER_TOPIC,
            value=not_json.value,
            key=key.encode(),
            headers=[(k, b"order-17" if k == "ce_id" else v) for k, v in not_json.headers.items()],
        )
        await publish(upstream, good)
        parked = await eventually(lambda: records_at_least(dlq.with_key(key), 4), timeout=20)
        await eventually(lambda: effects_of_event(db, good), timeout=20)

    errors = [dlq.headers_of(r)["dlq_error"] for r in parked]
    assert errors[0] == "malformed: missing ce_id/ce_type headers"
    assert errors[1].startswith("malformed:")
    assert errors[2].startswith("invalid payload:")
    assert errors[3].startswith("malformed:")
    assert [dlq.headers_of(r)["dlq_attempts"] for r in parked] == ["0", "0", "0", "0"]
    assert [r.value for r in parked[:2]] == [b'{"hello": 1}', b"{not json"]
    assert good.id in handler.seen_event_ids
    assert breaks_contract.id not in handler.seen_event_ids
    assert counter("dlq_events_total", {"service": service, "topic": DOSSIER_TOPIC}) == 4


async def test_a_restarted_consumer_resumes_after_the_committed_offset(
    db: Database, kafka: KafkaClients, service: str, upstream: AIOKafkaProducer, kafka_topics: str
) -> None:
    first_run = RecordingHandler()
    event = dossier_event()
    async with consuming(db, kafka, service, first_run):
        written = await publish(upstream, event)
        await eventually(lambda: effects_of_event(db, event), timeout=20)

    # The group's committed position is past the handled record (what `kafka-consumer-groups` shows).
    # Read the position as any group member would (OffsetFetch), without joining the group.
    probe = AIOKafkaConsumer(bootstrap_servers=kafka_topics, group_id=f"motcua-{service}")
    await probe.start()
    try:
        committed = await probe.committed(TopicPartition(DOSSIER_TOPIC, written.partition))
    finally:
        await probe.stop()
    assert committed == written.offset + 1

    # Same consumer group after a restart (new process, new handler instance).
    second_run = RecordingHandler()
    after_restart = dossier_event(key=event.key)  # same partition, right behind the handled record
    async with consuming(db, kafka, service, second_run):
        await publish(upstream, after_restart)
        await eventually(lambda: effects_of_event(db, after_restart), timeout=20)

    assert event.id not in second_run.seen_event_ids
    assert await effects_of_event(db, event) == 1
