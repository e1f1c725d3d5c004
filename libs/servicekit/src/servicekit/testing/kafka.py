"""Put events on the broker the way a producing service would, and read them back, for tests."""

from __future__ import annotations

import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pydantic import BaseModel

from contracts.events import spec_for
from servicekit.events import Event, from_kafka, to_kafka
from servicekit.testing.eventually import eventually


async def publish(
    bootstrap: str, event_type: str, payload: BaseModel, *, key: str, event_id: str | None = None
) -> Event:
    """Publish one CloudEvent (binary mode) to its contract topic; reuse ``event_id`` to redeliver."""
    event = Event.create(event_type, payload, source="/motcua/tests", key=key)
    if event_id is not None:
        event = Event(**{**event.__dict__, "id": event_id})
    message = to_kafka(event)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            spec_for(event_type).topic,
            value=message.value,
            key=message.key.encode() if isinstance(message.key, str) else message.key,
            headers=list(message.headers.items()),
        )
    finally:
        await producer.stop()
    return event


async def publish_many(bootstrap: str, events: list[tuple[str, BaseModel, str, str | None]]) -> list[Event]:
    """Publish ``(event_type, payload, key, event_id or None)`` in order through one producer."""
    sent: list[Event] = []
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        for event_type, payload, key, event_id in events:
            event = Event.create(event_type, payload, source="/motcua/tests", key=key)
            if event_id is not None:
                event = Event(**{**event.__dict__, "id": event_id})
            message = to_kafka(event)
            await producer.send(
                spec_for(event_type).topic,
                value=message.value,
                key=message.key.encode() if isinstance(message.key, str) else message.key,
                headers=list(message.headers.items()),
            )
            sent.append(event)
        await producer.flush()
    finally:
        await producer.stop()
    return sent


async def collect(bootstrap: str, topic: str, *, until: Any, timeout: float = 20.0) -> list[Event]:
    """Read ``topic`` from the start until ``until(events)`` is true; returns the events read."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=f"probe-{uuid.uuid4()}", auto_offset_reset="earliest"
    )
    await consumer.start()
    events: list[Event] = []
    try:

        async def probe() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                events.extend(from_kafka(r.headers, r.key, r.value) for r in records)
            return bool(until(events))

        await eventually(probe, timeout=timeout, message=f"events on {topic}")
    finally:
        await consumer.stop()
    return events
