"""Kafka consumer group with an inbox for idempotency, retries with backoff and a dead-letter topic.

Per record: one DB transaction inserts the event id into ``inbox`` and runs the handler; a duplicate
id means the effect already happened and the record is skipped. Offsets are committed only after the
DB commit, so a crash replays at most the records in flight, and the inbox absorbs them. A handler
that keeps failing is retried ``max_attempts`` times with exponential backoff, then the record is
parked on ``<topic>.dlq`` with the error and the consumer moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from pydantic import BaseModel, ValidationError
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import dlq_topic, spec_for
from servicekit import metrics
from servicekit.db import Database
from servicekit.events import Event, MalformedEvent, from_kafka
from servicekit.requestctx import child_traceparent, traceparent_var
from servicekit.tables import KitTables

log = structlog.get_logger("servicekit.consumer")


@dataclass(frozen=True)
class Delivery:
    """What a handler receives: the event, its validated payload, and the session of its transaction."""

    session: AsyncSession
    event: Event
    payload: BaseModel


Handler = Callable[[Delivery], Awaitable[None]]


class PermanentError(Exception):
    """Raised by a handler for an event that can never succeed: parked at once, no retries."""


class EventConsumer:
    """One consumer group (``motcua-<service>``) dispatching events to handlers by CloudEvents type."""

    def __init__(
        self,
        db: Database,
        tables: KitTables,
        *,
        service: str,
        handlers: Mapping[str, Handler],
        consumer_factory: Callable[[list[str]], Awaitable[AIOKafkaConsumer]],
        producer_factory: Callable[[], Awaitable[AIOKafkaProducer]],
        max_attempts: int = 5,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
    ) -> None:
        self.db = db
        self.inbox = tables.inbox
        self.service = service
        self.handlers = dict(handlers)
        self.topics = sorted({spec_for(t).topic for t in self.handlers})
        self.consumer_factory = consumer_factory
        self.producer_factory = producer_factory
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._stopping = asyncio.Event()
        self.running = False

    def stop(self) -> None:
        """Finish the record in hand, commit its offset, then leave the group."""
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("consumer_error", service=self.service, error=str(exc))
                await self._sleep(self.backoff_seconds * 4)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)

    async def _consume(self) -> None:
        consumer = await self.consumer_factory(self.topics)
        self.running = True
        try:
            while not self._stopping.is_set():
                batches = await consumer.getmany(timeout_ms=500, max_records=100)
                for tp, records in batches.items():
                    for record in records:
                        if self._stopping.is_set():
                            return
                        await self.process(record)
                        await consumer.commit({tp: record.offset + 1})
                        self._record_lag(consumer, tp, record.offset + 1)
        finally:
            self.running = False
            await consumer.stop()

    def _record_lag(self, consumer: AIOKafkaConsumer, tp: TopicPartition, next_offset: int) -> None:
        highwater = consumer.highwater(tp)
        if highwater is not None:
            lag = max(0, highwater - next_offset)
            metrics.CONSUMER_LAG.labels(self.service, tp.topic, str(tp.partition)).set(lag)

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> str:
        """Handle one record: returns 'handled', 'duplicate', 'ignored' or 'dead-lettered'."""
        try:
            event = from_kafka(record.headers, record.key, record.value)
        except MalformedEvent as exc:
            await self._park(record, None, f"malformed: {exc}", attempts=0)
            return "dead-lettered"
        handler = self.handlers.get(event.type)
        if handler is None:
            metrics.CONSUMED.labels(self.service, event.type, "ignored").inc()
            return "ignored"
        token = traceparent_var.set(child_traceparent(event.traceparent))
        structlog.contextvars.bind_contextvars(event_id=event.id, event_type=event.type)
        try:
            return await self._dispatch(record, event, handler)
        finally:
            structlog.contextvars.unbind_contextvars("event_id", "event_type")
            traceparent_var.reset(token)

    async def _dispatch(self, record: ConsumerRecord[bytes, bytes], event: Event, handler: Handler) -> str:
        try:
            payload = spec_for(event.type).payload.model_validate(event.data)
        except ValidationError as exc:
            await self._park(record, event, f"invalid payload: {exc.errors(include_url=False)}", attempts=0)
            return "dead-lettered"
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self.db.transaction() as session:
                    inserted = await session.execute(
                        pg_insert(self.inbox)
                        .values(event_id=event.uuid, event_type=event.type, topic=record.topic)
                        .on_conflict_do_nothing()
                        .returning(self.inbox.c.event_id)
                    )
                    if inserted.first() is None:
                        metrics.CONSUMED.labels(self.service, event.type, "duplicate").inc()
                        log.info("event_duplicate_skipped", service=self.service)
                        return "duplicate"
                    await handler(Delivery(session=session, event=event, payload=payload))
                metrics.CONSUMED.labels(self.service, event.type, "handled").inc()
                return "handled"
            except PermanentError as exc:
                await self._park(record, event, f"permanent: {exc}", attempts=attempt)
                return "dead-lettered"
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if attempt >= self.max_attempts:
                    await self._park(record, event, f"{type(exc).__name__}: {exc}", attempts=attempt)
                    return "dead-lettered"
                delay = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))
                log.warning(
                    "event_handler_retry", service=self.service, attempt=attempt, delay=delay, error=str(exc)
                )
                await asyncio.sleep(delay)

    async def _park(
        self, record: ConsumerRecord[bytes, bytes], event: Event | None, error: str, *, attempts: int
    ) -> None:
        """Copy the record to ``<topic>.dlq`` with why it failed; the original headers are kept."""
        producer = await self.producer_factory()
        headers = [(k, v) for k, v in record.headers if v is not None]
        headers += [
            ("dlq_error", error[:4000].encode()),
            ("dlq_consumer", self.service.encode()),
            ("dlq_attempts", str(attempts).encode()),
            ("dlq_source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        await producer.send_and_wait(
            dlq_topic(record.topic), value=record.value, key=record.key, headers=headers
        )
        metrics.DLQ_EVENTS.labels(self.service, record.topic).inc()
        metrics.CONSUMED.labels(self.service, event.type if event else "unknown", "dead-lettered").inc()
        log.error(
            "event_dead_lettered",
            service=self.service,
            topic=record.topic,
            offset=record.offset,
            event_id=event.id if event else None,
            error=error[:500],
        )
