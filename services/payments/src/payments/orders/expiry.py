"""The housekeeper: issues orders the catalogue could not quote at first, settles or expires payment
tries VNPay never reported, expires orders not paid in time. Safe with many replicas: each row is
taken with ``FOR UPDATE SKIP LOCKED`` and changed only through the same settlement as an IPN."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.clock import utcnow
from payments.consumers import issue_owed_order
from payments.dossiers.models import Dossier
from payments.gateways.base import GatewayUnavailable, Verdict
from payments.orders import events, repository, settlement
from payments.orders.models import (
    OPEN_STATUSES,
    OrderStatus,
    PaymentOrder,
    PaymentTransaction,
    TransactionStatus,
)
from payments.orders.rules import status_after_failed_try
from payments.wiring import Wiring
from servicekit.db import Database
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.housekeeper")

#: How long after VNPay's page expired we still wait for its IPN before asking.
GRACE = timedelta(minutes=5)


class Housekeeper:
    def __init__(
        self, db: Database, outbox: Outbox, wiring: Wiring, *, poll_seconds: float, batch_size: int = 50
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.wiring = wiring
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception as exc:
                log.warning("housekeeper_error", error=str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    async def run_once(self) -> dict[str, int]:
        return {
            "issued": await self.issue_deferred(),
            "tries_closed": await self.close_stale_tries(),
            "orders_expired": await self.expire_orders(),
        }

    async def issue_deferred(self) -> int:
        """Orders owed by received dossiers whose fee quote failed at first."""
        done = 0
        async with self.db.transaction() as session:
            rows = list(
                (
                    await session.scalars(
                        select(Dossier)
                        .where(Dossier.order_pending.is_(True))
                        .order_by(Dossier.updated_at)
                        .limit(self.batch_size)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            for dossier in rows:
                await issue_owed_order(session, self.outbox, self.wiring, dossier)
                done += 0 if dossier.order_pending else 1
        return done

    async def close_stale_tries(self) -> int:
        """Tries whose VNPay page expired without an IPN: ask VNPay, then settle or expire them."""
        cutoff = utcnow() - GRACE
        async with self.db.transaction() as session:
            stale = list(
                (
                    await session.execute(
                        select(
                            PaymentTransaction.provider,
                            PaymentTransaction.txn_ref,
                            PaymentTransaction.provider_create_date,
                        )
                        .where(
                            PaymentTransaction.status == TransactionStatus.PENDING.value,
                            PaymentTransaction.provider.in_(list(self.wiring.gateways)),
                            PaymentTransaction.expires_at < cutoff,
                        )
                        .limit(self.batch_size)
                    )
                ).all()
            )
        closed = 0
        for provider, txn_ref, create_date in stale:
            try:
                outcome = await self.wiring.gateways[provider].query(
                    txn_ref=txn_ref, create_date=create_date or ""
                )
            except GatewayUnavailable as exc:
                log.warning("stale_try_query_failed", txn_ref=txn_ref, error=str(exc))
                continue
            async with self.db.transaction() as session:
                if outcome.verdict is not Verdict.PENDING:
                    await settlement.settle(
                        session, self.outbox, provider=provider, outcome=outcome, via="expiry"
                    )
                else:
                    await self._expire_try(session, provider, txn_ref)
            closed += 1
        return closed

    async def _expire_try(self, session: AsyncSession, provider: str, txn_ref: str) -> None:
        pair = await settlement.locked(session, provider=provider, txn_ref=txn_ref)
        if pair is None:
            return
        order, txn = pair
        if txn.status != TransactionStatus.PENDING.value:
            return
        now = utcnow()
        txn.status = TransactionStatus.EXPIRED.value
        txn.failure_code = "attempt_expired"
        txn.settled_via = "expiry"
        txn.updated_at = now
        if order.status == OrderStatus.PENDING.value:
            pending = await repository.others_pending(session, order.id, txn.id)
            order.status = status_after_failed_try(other_tries_pending=pending).value
            order.failure_code = None if pending else "attempt_expired"
            order.updated_at = now
            order.version += 1

    async def expire_orders(self) -> int:
        """Orders past their deadline with no try still open: expired, and the applicant told."""
        now = utcnow()
        expired = 0
        async with self.db.transaction() as session:
            rows = list(
                (
                    await session.scalars(
                        select(PaymentOrder)
                        .where(PaymentOrder.status.in_(OPEN_STATUSES), PaymentOrder.expires_at < now)
                        .limit(self.batch_size)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            for order in rows:
                if order.status == OrderStatus.PENDING.value:
                    continue  # a try may still be paid: close_stale_tries decides it first
                order.status = OrderStatus.EXPIRED.value
                order.failure_code = "expired"
                order.updated_at = now
                order.version += 1
                await events.failed(session, self.outbox, order, code="expired")
                expired += 1
        return expired
