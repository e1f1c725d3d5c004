"""Transactional outbox: events are rows written in the caller's transaction, published by a relay.

Invariants of the relay (DESIGN §4, STYLE: outbox implementations):
- Nothing is published unless its transaction committed: rows are only visible after commit.
- Nothing committed stays unpublished: the relay publishes every row with ``published_at IS NULL``
  on start, on each NOTIFY and on a polling fallback; a crash after publishing but before marking
  republishes the row (at-least-once) and consumers skip duplicates by event id.
- Order: rows are published in id order, one batch at a time, each awaited before the next is marked.
- One active relay per service: a session-level Postgres advisory lock elects it; the others wait.
- A new broker (its ``KAFKA_CLUSTER_ID`` not seen before, e.g. the embedded in-memory broker after a
  restart) gets every retained row again, since it lost what it had.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer
from pydantic import BaseModel
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import spec_for
from servicekit import metrics
from servicekit.db import Database, utcnow
from servicekit.events import Event, to_kafka
from servicekit.listen import NotifiedLoop
from servicekit.requestctx import child_traceparent, traceparent_var
from servicekit.tables import KitTables

log = structlog.get_logger("servicekit.outbox")
#: How often the relay refreshes the outbox lag gauges.
LAG_INTERVAL_SECONDS = 1.0


def notify_channel(service: str) -> str:
    return f"motcua_outbox_{service}"


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock from a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Outbox:
    """Writes events into the outbox through the caller's session; never commits."""

    def __init__(self, tables: KitTables, *, service: str) -> None:
        self.table = tables.outbox
        self.service = service
        self.source = f"/motcua/{service}"

    async def add(
        self,
        session: AsyncSession,
        event_type: str,
        payload: BaseModel,
        *,
        key: str,
        subject: str | None = None,
    ) -> Event:
        """Record ``payload`` as a CloudEvent of ``event_type``; the topic comes from the contracts."""
        spec = spec_for(event_type)
        if not isinstance(payload, spec.payload):
            raise TypeError(f"{event_type} carries {spec.payload.__name__}, not {type(payload).__name__}")
        event = Event.create(
            event_type,
            payload,
            source=self.source,
            key=key,
            subject=subject,
            traceparent=child_traceparent(traceparent_var.get()),
        )
        message = to_kafka(event)
        await session.execute(
            insert(self.table).values(
                event_id=event.uuid,
                topic=spec.topic,
                event_type=event.type,
                key=key,
                headers={name: value.decode() for name, value in message.headers.items()},
                value=message.value,
            )
        )
        # Delivered to listeners only when this transaction commits.
        await session.execute(select(func.pg_notify(notify_channel(self.service), "")))
        return event


class Producer(Protocol):
    async def send(
        self, topic: str, value: bytes, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> Any: ...


class OutboxRelay(NotifiedLoop):
    """Publishes committed outbox rows to Kafka in id order (see module docstring for invariants)."""

    name = "outbox_relay"

    def __init__(
        self,
        db: Database,
        tables: KitTables,
        *,
        service: str,
        producer_factory: Callable[[], Awaitable[AIOKafkaProducer]],
        cluster_id: str = "",
        batch_size: int = 200,
        poll_interval: float = 2.0,
        standby_interval: float = 2.0,
    ) -> None:
        super().__init__(db, notify_channel(service), retry_seconds=standby_interval)
        self.tables = tables
        self.service = service
        self.producer_factory = producer_factory
        self.cluster_id = cluster_id
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.is_leader = False
        self._producer: AIOKafkaProducer | None = None
        self._lag_recorded_at = -LAG_INTERVAL_SECONDS

    async def on_connect(self, conn: asyncpg.Connection) -> bool:
        """Lead only while holding the service's advisory lock on this very connection."""
        if not await conn.fetchval("select pg_try_advisory_lock($1)", advisory_key(f"outbox:{self.service}")):
            return False
        self.is_leader = True
        log.info("outbox_relay_leader", service=self.service)
        self._producer = await self.producer_factory()
        await self._adopt_broker_epoch()
        return True

    async def on_disconnect(self) -> None:
        self.is_leader = False

    async def step(self) -> float:
        assert self._producer is not None
        published = await self.publish_batch(self._producer)
        # The lag gauges cost a transaction of their own: refreshed at most once a second, not on
        # every wake-up (under load the relay wakes for every committed event).
        now = time.monotonic()
        if now - self._lag_recorded_at >= LAG_INTERVAL_SECONDS:
            self._lag_recorded_at = now
            await self._record_lag()
        return 0 if published >= self.batch_size else self.poll_interval

    async def _adopt_broker_epoch(self) -> None:
        """A broker we have not published to before gets the retained history again."""
        if not self.cluster_id:
            return
        epochs, outbox = self.tables.broker_epochs, self.tables.outbox
        async with self.db.transaction() as session:
            result = await session.execute(
                pg_insert(epochs)
                .values(cluster_id=self.cluster_id)
                .on_conflict_do_nothing()
                .returning(epochs.c.cluster_id)
            )
            if result.first() is None:
                return
            known = await session.scalar(select(func.count()).select_from(epochs))
            if known and known > 1:
                replayed = await session.execute(
                    update(outbox).where(outbox.c.published_at.is_not(None)).values(published_at=None)
                )
                log.info("outbox_replay_new_broker", service=self.service, rows=_rowcount(replayed))

    async def publish_batch(self, producer: Producer | AIOKafkaProducer) -> int:
        """Publish the next batch of unpublished rows in id order; returns how many were marked."""
        outbox = self.tables.outbox
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.headers, outbox.c.value)
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.id)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            done: list[int] = []
            error: str | None = None
            futures = []
            for row in rows:
                headers: Mapping[str, str] = row.headers
                try:
                    future = await producer.send(
                        row.topic,
                        value=row.value,
                        key=row.key.encode() if row.key else None,
                        headers=[(k, v.encode()) for k, v in headers.items()],
                    )
                except Exception as exc:
                    # Refused before it left (e.g. too large): rows before it still go out, and the
                    # stuck row carries the reason for operators (attempts, last_error).
                    futures.append((row.id, _failed(exc)))
                    break
                futures.append((row.id, future))
            for row_id, fut in futures:
                try:
                    await fut
                except Exception as exc:
                    error = str(exc)
                    break
                done.append(row_id)
            if done:
                await session.execute(
                    update(outbox).where(outbox.c.id.in_(done)).values(published_at=utcnow())
                )
                metrics.OUTBOX_PUBLISHED.labels(self.service).inc(len(done))
            if error is not None:
                failed = rows[len(done)].id
                await session.execute(
                    update(outbox)
                    .where(outbox.c.id == failed)
                    .values(attempts=outbox.c.attempts + 1, last_error=error[:2000])
                )
                log.warning("outbox_publish_failed", service=self.service, row=failed, error=error)
        if error is not None:
            raise ConnectionError(f"publish failed: {error}")
        return len(done)

    async def _record_lag(self) -> None:
        outbox = self.tables.outbox
        async with self.db.transaction() as session:
            row = (
                await session.execute(
                    select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.published_at.is_(None))
                )
            ).one()
        pending, oldest = row
        metrics.OUTBOX_PENDING.labels(self.service).set(pending)
        metrics.OUTBOX_LAG_SECONDS.labels(self.service).set(
            (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        )

    async def prune(self, *, older_than_days: int) -> int:
        """Delete published rows past retention (they are replayed to a new broker until then)."""
        outbox = self.tables.outbox
        async with self.db.transaction() as session:
            result = await session.execute(
                outbox.delete().where(
                    outbox.c.published_at.is_not(None),
                    outbox.c.created_at < func.now() - func.make_interval(0, 0, 0, older_than_days),
                )
            )
        return _rowcount(result)


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _failed(exc: Exception) -> asyncio.Future[Any]:
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    future.set_exception(exc)
    return future
