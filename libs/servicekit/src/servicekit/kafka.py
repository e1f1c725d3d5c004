"""aiokafka clients for one service: a shared idempotent-enough producer (acks=all) and group consumers."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from contracts.events import ALL_TOPICS, dlq_topic


class KafkaClients:
    """Creates the producer lazily (once) and one consumer per consumer loop."""

    def __init__(self, bootstrap_servers: str, *, service: str) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.service = service
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    async def producer(self) -> AIOKafkaProducer:
        async with self._lock:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self.bootstrap_servers,
                    client_id=f"motcua-{self.service}",
                    acks="all",
                    linger_ms=2,
                    request_timeout_ms=15000,
                )
                await producer.start()
                self._producer = producer
            return self._producer

    async def consumer(self, topics: list[str]) -> AIOKafkaConsumer:
        consumer = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=self.bootstrap_servers,
            group_id=f"motcua-{self.service}",
            client_id=f"motcua-{self.service}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            # Shorter than the 10 s default: a restarted member rejoins quickly (Tansu also holds a
            # group's first join for half the session timeout).
            session_timeout_ms=6000,
            heartbeat_interval_ms=2000,
        )
        await consumer.start()
        return consumer

    async def ping(self, timeout: float = 3.0) -> None:
        """Raise if the broker cannot answer a metadata request in time."""
        producer = await asyncio.wait_for(self.producer(), timeout)
        ok = await asyncio.wait_for(producer.client.force_metadata_update(), timeout)
        if not ok:
            raise ConnectionError("broker metadata unavailable")

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None


async def ensure_topics(
    bootstrap_servers: str, topics: tuple[str, ...] = ALL_TOPICS, partitions: int = 3
) -> None:
    """Create the suite's topics and their DLQs if missing (dev and tests; production uses Strimzi)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for topic in topics for t in (topic, dlq_topic(topic)) if t not in existing]
        for name in wanted:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()
