"""The reconciliation of one day with VNPay: settle what is still open, fetch VNPay's report, compare,
record every difference. One run at a time per provider and day, whichever replica starts it: a
PostgreSQL advisory lock held for the run, and one scheduled run per day (a unique index)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta

import asyncpg
import structlog
from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.clock import VN_TZ, utcnow
from payments.gateways.base import GatewayUnavailable, OnlineGateway, Verdict
from payments.orders import settlement
from payments.orders.models import PaymentOrder, PaymentTransaction, TransactionStatus
from payments.reconciliation.compare import Comparison, OurPayment, OurRefund, compare
from payments.reconciliation.models import Discrepancy, ReconciliationRun
from payments.refunds.models import Refund, RefundStatus
from servicekit.db import Database, uuid7
from servicekit.errors import Conflict
from servicekit.i18n import Text
from servicekit.listen import raw_dsn
from servicekit.outbox import Outbox, advisory_key

log = structlog.get_logger("payments.reconciliation")


class ReconciliationRunning(Conflict):
    code = "reconciliation_running"
    detail = Text(
        "Đang đối soát ngày {day}; hãy xem kết quả khi hoàn tất.",
        "The reconciliation of {day} is running; see its result when it finishes.",
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=VN_TZ)
    return start, start + timedelta(days=1)


@contextlib.asynccontextmanager
async def day_lock(db: Database, provider: str, day: date) -> AsyncIterator[bool]:
    """A session advisory lock for (provider, day) on a connection of its own, held for the run."""
    conn: asyncpg.Connection = await asyncpg.connect(raw_dsn(db.url))
    try:
        key = advisory_key(f"payments:reconciliation:{provider}:{day.isoformat()}")
        got = bool(await conn.fetchval("select pg_try_advisory_lock($1)", key))
        try:
            yield got
        finally:
            if got:
                await conn.execute("select pg_advisory_unlock($1)", key)
    finally:
        await conn.close()


async def start_run(db: Database, provider: str, day: date, *, trigger: str, actor: str) -> uuid.UUID | None:
    """The run's row; None when the scheduled run of that day already exists (another replica's)."""
    async with db.transaction() as session:
        run_id = (
            await session.execute(
                pg_insert(ReconciliationRun)
                .values(
                    id=uuid7(),
                    provider=provider,
                    business_date=day,
                    trigger=trigger,
                    status="running",
                    requested_by=actor,
                    started_at=utcnow(),
                )
                .on_conflict_do_nothing()
                .returning(ReconciliationRun.id)
            )
        ).scalar_one_or_none()
    return run_id


async def reconcile(
    db: Database, outbox: Outbox, gateway: OnlineGateway, day: date, *, trigger: str, actor: str
) -> uuid.UUID | None:
    """Reconcile ``day`` (Vietnam's calendar day); returns the run's id (None: not this replica's job)."""
    async with day_lock(db, gateway.name, day) as got:
        if not got:
            if trigger == "manual":
                raise ReconciliationRunning(day=day.isoformat())
            return None
        run_id = await start_run(db, gateway.name, day, trigger=trigger, actor=actor)
        if run_id is None:
            return None
        try:
            settled = await settle_open_tries(db, outbox, gateway, day)
            report = await gateway.report(day)
            async with db.transaction() as session:
                ours, refunds = await our_side(session, gateway.name, day, {r.txn_ref for r in report})
                result = compare(report, ours, refunds)
                await record(session, run_id, result, settled=settled)
        except (GatewayUnavailable, OSError) as exc:
            log.warning("reconciliation_failed", day=day.isoformat(), error=str(exc))
            async with db.transaction() as session:
                run = await session.get(ReconciliationRun, run_id)
                assert run is not None
                run.status, run.error, run.finished_at = "failed", str(exc)[:2000], utcnow()
        return run_id


async def settle_open_tries(db: Database, outbox: Outbox, gateway: OnlineGateway, day: date) -> int:
    """Ask VNPay about every try of ``day`` still open on our side (a lost IPN) and settle it."""
    start, end = day_bounds(day)
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(PaymentTransaction.txn_ref, PaymentTransaction.provider_create_date).where(
                    PaymentTransaction.provider == gateway.name,
                    PaymentTransaction.status.in_(
                        [TransactionStatus.PENDING.value, TransactionStatus.EXPIRED.value]
                    ),
                    PaymentTransaction.created_at >= start - timedelta(hours=1),
                    PaymentTransaction.created_at < end,
                )
            )
        ).all()
    settled = 0
    for txn_ref, create_date in rows:
        outcome = await gateway.query(txn_ref=txn_ref, create_date=create_date or "")
        if outcome.verdict is Verdict.PENDING:
            continue
        async with db.transaction() as session:
            result = await settlement.settle(
                session, outbox, provider=gateway.name, outcome=outcome, via="reconciliation"
            )
        if result.result in (settlement.Result.PAID, settlement.Result.SURPLUS):
            settled += 1
    return settled


async def our_side(
    session: AsyncSession, provider: str, day: date, reported: set[str]
) -> tuple[dict[str, OurPayment], list[OurRefund]]:
    start, end = day_bounds(day)
    credited = and_(
        PaymentTransaction.status == TransactionStatus.SUCCEEDED.value,
        PaymentTransaction.paid_at >= start,
        PaymentTransaction.paid_at < end,
    )
    statement = (
        select(PaymentTransaction, PaymentOrder.agency_code)
        .join(PaymentOrder, PaymentOrder.id == PaymentTransaction.payment_id)
        .where(
            PaymentTransaction.provider == provider,
            or_(credited, PaymentTransaction.txn_ref.in_(list(reported) or [""])),
        )
    )
    ours: dict[str, OurPayment] = {}
    for txn, agency in (await session.execute(statement)).all():
        paid_that_day = txn.paid_at is not None and start <= txn.paid_at < end
        ours[txn.txn_ref] = OurPayment(
            txn_ref=txn.txn_ref,
            payment_id=txn.payment_id,
            agency_code=agency,
            amount=txn.amount,
            status=txn.status,
            credited_that_day=paid_that_day and txn.status == TransactionStatus.SUCCEEDED.value,
        )
    refund_rows = (
        await session.execute(
            select(Refund, PaymentTransaction.txn_ref, PaymentOrder.agency_code)
            .join(PaymentTransaction, PaymentTransaction.id == Refund.transaction_id)
            .join(PaymentOrder, PaymentOrder.id == Refund.payment_id)
            .where(
                PaymentTransaction.provider == provider,
                Refund.status == RefundStatus.SUCCEEDED.value,
                Refund.completed_at >= start,
                Refund.completed_at < end,
            )
        )
    ).all()
    refunds = [OurRefund(txn_ref, r.payment_id, agency, r.amount) for r, txn_ref, agency in refund_rows]
    return ours, refunds


async def record(session: AsyncSession, run_id: uuid.UUID, result: Comparison, *, settled: int) -> None:
    run = await session.get(ReconciliationRun, run_id)
    assert run is not None
    for finding in result.findings:
        session.add(
            Discrepancy(
                run_id=run_id,
                kind=finding.kind.value,
                txn_ref=finding.txn_ref,
                transaction_type=finding.transaction_type,
                payment_id=finding.payment_id,
                agency_code=finding.agency_code,
                our_amount=finding.our_amount,
                gateway_amount=finding.gateway_amount,
                our_status=finding.our_status,
                gateway_status=finding.gateway_status,
                detail=finding.detail,
            )
        )
    run.status = "completed"
    run.gateway_count = result.gateway_count
    run.gateway_total = result.gateway_total
    run.our_count = result.our_count
    run.our_total = result.our_total
    run.matched = result.matched
    run.settled = settled
    run.discrepancies = len(result.findings)
    run.finished_at = utcnow()
    log.info("reconciliation_done", day=run.business_date.isoformat(), discrepancies=len(result.findings))
