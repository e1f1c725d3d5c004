"""The dispatcher: claims due messages, sends them outside any transaction, records each outcome.

Invariants:
- A message is claimed by one sender at a time: ``SELECT … FOR UPDATE SKIP LOCKED`` in a short
  transaction marks it ``sending`` (attempt n+1 logged) and commits before anything is sent, so
  any number of replicas can run dispatchers side by side.
- A sender that dies mid-send leaves the message ``sending``; after ``stale_after`` seconds it is
  claimed again (its open attempt is closed as ``interrupted``). At-least-once: the channel may see
  a message twice in that case (emails carry a stable Message-ID), never zero times.
- Woken by ``NOTIFY motcua_notify_messages`` when messages are created, and otherwise at the earliest
  due retry or after ``poll_seconds``, whichever comes first.
- A ``simulated`` message (test mode) is recorded as delivered without calling its adapter.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

import structlog
from sqlalchemy import and_, func, or_, select, update

from notify.channels.base import ChannelRegistry, OutboundMessage, SendResult
from notify.delivery.backoff import RetryPolicy
from notify.delivery.metrics import SEND_SECONDS
from notify.delivery.outcomes import record_outcome
from notify.kinds import Channel
from notify.messages.models import DUE_STATUSES, WAKE_CHANNEL, Message, MessageAttempt, MessageStatus
from servicekit.db import Database, utcnow
from servicekit.listen import NotifiedLoop
from servicekit.outbox import Outbox

log = structlog.get_logger("notify.dispatcher")


class Dispatcher(NotifiedLoop):
    name = "dispatcher"

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        channels: ChannelRegistry,
        policy: RetryPolicy,
        *,
        batch_size: int = 50,
        concurrency: int = 10,
        poll_seconds: float = 2.0,
        stale_after_seconds: float = 300.0,
        send_timeout_seconds: float = 60.0,
    ) -> None:
        super().__init__(db, WAKE_CHANNEL, retry_seconds=poll_seconds)
        self.outbox = outbox
        self.channels = channels
        self.policy = policy
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.stale_after = timedelta(seconds=stale_after_seconds)
        self.send_timeout = send_timeout_seconds
        self._limit = asyncio.Semaphore(concurrency)

    async def step(self) -> float:
        if await self.dispatch_once() >= self.batch_size:
            return 0
        # At least a moment: rows due but locked by another replica's claim must not spin us.
        return max(0.01, min(self.poll_seconds, await self._seconds_to_next_due()))

    async def on_stopped(self) -> None:
        for adapter in self.channels.values():
            await adapter.close()

    async def dispatch_once(self) -> int:
        """Claim one batch of due messages and send them concurrently; returns how many were claimed."""
        claimed = await self.claim()
        if claimed:
            await asyncio.gather(*(self._send(message) for message in claimed))
        return len(claimed)

    async def claim(self) -> list[OutboundMessage]:
        now = utcnow()
        async with self.db.transaction() as session:
            due = or_(
                and_(Message.status.in_(DUE_STATUSES), Message.next_attempt_at <= now),
                and_(
                    Message.status == MessageStatus.SENDING.value,
                    Message.sending_since < now - self.stale_after,
                ),
            )
            rows = list(
                (
                    await session.scalars(
                        select(Message)
                        .where(due)
                        .order_by(Message.next_attempt_at)
                        .limit(self.batch_size)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            if not rows:
                return []
            interrupted = [m.id for m in rows if m.status == MessageStatus.SENDING.value]
            if interrupted:
                log.warning("dispatcher_reclaiming_stale", count=len(interrupted))
                await session.execute(
                    update(MessageAttempt)
                    .where(MessageAttempt.message_id.in_(interrupted), MessageAttempt.finished_at.is_(None))
                    .values(finished_at=now, outcome="interrupted", error="sender stopped before recording")
                )
            for message in rows:
                message.attempts += 1
                message.status = MessageStatus.SENDING.value
                message.sending_since = now
                message.updated_at = now
                session.add(MessageAttempt(message_id=message.id, number=message.attempts, started_at=now))
            await session.flush()
            return [_outbound(m) for m in rows]

    async def _send(self, message: OutboundMessage) -> None:
        async with self._limit:
            result = await self._try(message)
        try:
            async with self.db.transaction() as session:
                await record_outcome(
                    session,
                    self.outbox,
                    message_id=message.message_id,
                    attempt=message.attempt,
                    result=result,
                    policy=self.policy,
                    now=utcnow(),
                )
        except Exception as exc:
            # The message stays `sending` and is claimed again once stale: never lost.
            log.error("delivery_outcome_not_recorded", message_id=str(message.message_id), error=str(exc))

    async def _try(self, message: OutboundMessage) -> SendResult:
        if message.simulated:
            return SendResult.delivered(provider_id="simulated", response="test mode: no provider contacted")
        adapter = self.channels.get(message.channel)
        if adapter is None:
            return SendResult.temporary(f"channel {message.channel.value} is not configured")
        started = time.perf_counter()
        try:
            result = await asyncio.wait_for(adapter.send(message), timeout=self.send_timeout)
        except TimeoutError:
            return SendResult.temporary(f"no answer from the {message.channel.value} channel in time")
        except Exception as exc:
            log.error("channel_adapter_crashed", channel=message.channel.value, error=str(exc))
            return SendResult.temporary(f"{type(exc).__name__}: {exc}")
        SEND_SECONDS.labels(message.channel.value).observe(time.perf_counter() - started)
        return result

    async def _seconds_to_next_due(self) -> float:
        async with self.db.transaction() as session:
            row = (
                await session.execute(
                    select(
                        select(func.min(Message.next_attempt_at))
                        .where(Message.status.in_(DUE_STATUSES))
                        .scalar_subquery(),
                        select(func.min(Message.sending_since))
                        .where(Message.status == MessageStatus.SENDING.value)
                        .scalar_subquery(),
                    )
                )
            ).one()
        candidates: list[datetime] = []
        if row[0] is not None:
            candidates.append(row[0])
        if row[1] is not None:
            candidates.append(row[1] + self.stale_after)
        if not candidates:
            return self.poll_seconds
        return max(0.0, (min(candidates) - utcnow()).total_seconds())


def _outbound(message: Message) -> OutboundMessage:
    return OutboundMessage(
        message_id=message.id,
        channel=Channel(message.channel),
        template_code=message.template_code,
        recipient_subject=message.recipient_subject,
        recipient_name=message.recipient_name,
        address=message.address,
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        language=message.language,
        dossier_id=message.dossier_id,
        attempt=message.attempts,
        subscription_id=message.subscription_id,
        simulated=message.simulated,
    )
