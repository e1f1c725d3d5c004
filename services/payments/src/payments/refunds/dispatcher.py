"""The refund dispatcher: sends pending refunds to the gateway, outside any transaction, and records
what it said.

- A refund is claimed by one replica at a time (``FOR UPDATE SKIP LOCKED``); the claim moves its next
  attempt into the future before anything is sent, so a replica that dies mid-call leaves it to be
  retried later, never lost.
- Every try of one refund carries the same ``vnp_RequestId`` (the refund's id): a retry after a lost
  answer cannot refund twice — VNPay answers 94 (already received) and the refund counts as done.
- Temporary failures are retried with doubling delays up to ``max_attempts``; a refusal is final and
  makes the amount refundable again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import timedelta

import structlog
from sqlalchemy import select

from payments.clock import utcnow
from payments.gateways.base import OnlineGateway, RefundVerdict
from payments.orders import repository
from payments.orders.models import PaymentTransaction
from payments.refunds import rules, service
from payments.refunds.models import Refund, RefundStatus
from servicekit.db import Database
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.refund_dispatcher")


class RefundDispatcher:
    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        gateways: Mapping[str, OnlineGateway],
        *,
        poll_seconds: float,
        retry_seconds: float,
        max_attempts: int,
        batch_size: int = 20,
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.gateways = gateways
        self.poll_seconds = poll_seconds
        self.retry_seconds = retry_seconds
        self.max_attempts = max_attempts
        self.batch_size = batch_size
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                busy = await self.dispatch_once() >= self.batch_size
            except Exception as exc:
                log.warning("refund_dispatch_error", error=str(exc))
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    async def claim(self) -> list[tuple[Refund, PaymentTransaction]]:
        now = utcnow()
        async with self.db.transaction() as session:
            rows = list(
                (
                    await session.scalars(
                        select(Refund)
                        .where(Refund.status == RefundStatus.PENDING.value, Refund.next_attempt_at <= now)
                        .order_by(Refund.next_attempt_at)
                        .limit(self.batch_size)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            claimed = []
            for refund in rows:
                refund.attempts += 1
                delay = rules.retry_delay(refund.attempts, base=self.retry_seconds)
                refund.next_attempt_at = now + timedelta(seconds=delay)
                refund.updated_at = now
                txn = await session.get(PaymentTransaction, refund.transaction_id)
                assert txn is not None
                claimed.append((refund, txn))
            return claimed

    async def dispatch_once(self) -> int:
        claimed = await self.claim()
        for refund, txn in claimed:
            await self.send(refund, txn)
        return len(claimed)

    async def send(self, refund: Refund, txn: PaymentTransaction) -> None:
        outcome = await self.gateways[txn.provider].refund(
            request_id=refund.id.hex,
            txn_ref=txn.txn_ref,
            create_date=txn.provider_create_date or "",
            amount=refund.amount,
            full=rules.is_full(amount=refund.amount, transaction_amount=txn.amount),
            transaction_no=txn.provider_transaction_no,
            actor="motcua",
        )
        async with self.db.transaction() as session:
            order = await repository.get(session, refund.payment_id, lock=True)
            current = await service.get(session, refund.id, lock=True)
            assert order is not None
            if current.status != RefundStatus.PENDING.value:
                return
            if outcome.verdict is RefundVerdict.SUCCEEDED:
                await service.succeed(
                    session,
                    self.outbox,
                    order,
                    current,
                    provider=txn.provider,
                    reference=outcome.provider_reference,
                )
            elif outcome.verdict is RefundVerdict.FAILED or current.attempts >= self.max_attempts:
                service.fail(order, current, error=outcome.error or "refused")
            else:
                current.last_error = outcome.error
                log.info(
                    "refund_retry", refund_id=str(current.id), attempt=current.attempts, error=outcome.error
                )
