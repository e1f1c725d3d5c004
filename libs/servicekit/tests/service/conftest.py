"""Fixtures for servicekit's service tests: a fresh database per test and a tail on a broker topic."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from servicekit.testing.plugin import new_database


@pytest.fixture
def database_url(pg_server_url: str) -> Iterator[str]:
    """An empty database of its own for this test (asyncpg SQLAlchemy URL), dropped afterwards."""
    url, drop = new_database(pg_server_url, "sk")
    yield url
    drop()


class TopicTail:
    """Everything written to one topic since its beginning, collected in the background."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.records: list[ConsumerRecord[bytes, bytes]] = []
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        await consumer.start()
        partitions = consumer.partitions_for_topic(self.topic)
        if not partitions:
            await consumer.topics()  # forces a metadata refresh
            partitions = consumer.partitions_for_topic(self.topic)
        assert partitions, f"topic {self.topic} does not exist"
        tps = [TopicPartition(self.topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        self._consumer = consumer
        self._task = asyncio.create_task(self._collect())

    async def _collect(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=100)
            for records in batches.values():
                self.records.extend(records)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()

    def with_key(self, key: str) -> list[ConsumerRecord[bytes, bytes]]:
        """Records keyed ``key``, in partition (= publication) order."""
        return [r for r in self.records if r.key == key.encode()]

    def with_event_id(self, event_id: str) -> list[ConsumerRecord[bytes, bytes]]:
        return [r for r in self.records if self.headers_of(r).get("ce_id") == event_id]

    @staticmethod
    def headers_of(record: ConsumerRecord[bytes, bytes]) -> dict[str, str]:
        return {name: (value or b"").decode() for name, value in record.headers}


@pytest.fixture
async def tail(kafka_topics: str) -> AsyncIterator[Callable[[str], Awaitable[TopicTail]]]:
    """``await tail(topic)`` starts collecting that topic's records; stopped after the test."""
    started: list[TopicTail] = []

    async def start(topic: str) -> TopicTail:
        topic_tail = TopicTail(kafka_topics, topic)
        await topic_tail.start()
        started.append(topic_tail)
        return topic_tail

    yield start
    for topic_tail in started:
        await topic_tail.stop()
