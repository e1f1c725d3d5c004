"""The daily reconciliation: each replica wakes up now and then; once the configured hour has passed in
Vietnam, yesterday is reconciled — by exactly one of them (advisory lock + one scheduled run per day)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta

import structlog
from sqlalchemy import select

from payments.clock import VN_TZ, utcnow
from payments.gateways.base import OnlineGateway
from payments.reconciliation import service
from payments.reconciliation.models import ReconciliationRun
from servicekit.db import Database
from servicekit.outbox import Outbox

log = structlog.get_logger("payments.reconciliation.scheduler")


def due_day(now_local_hour: int, today: date, *, hour: int) -> date | None:
    """The day to reconcile now: yesterday, once ``hour`` o'clock has passed today."""
    return today - timedelta(days=1) if now_local_hour >= hour else None


class ReconciliationScheduler:
    def __init__(
        self, db: Database, outbox: Outbox, gateway: OnlineGateway, *, hour: int, poll_seconds: float
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.gateway = gateway
        self.hour = hour
        self.poll_seconds = poll_seconds
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception as exc:
                log.warning("reconciliation_schedule_error", error=str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    async def run_once(self) -> bool:
        local = utcnow().astimezone(VN_TZ)
        day = due_day(local.hour, local.date(), hour=self.hour)
        if day is None or not self.gateway.has_report:
            return False
        async with self.db.transaction() as session:
            done = (
                await session.scalars(
                    select(ReconciliationRun.id).where(
                        ReconciliationRun.provider == self.gateway.name,
                        ReconciliationRun.business_date == day,
                        ReconciliationRun.trigger == "schedule",
                    )
                )
            ).first()
        if done is not None:
            return False
        run_id = await service.reconcile(
            self.db, self.outbox, self.gateway, day, trigger="schedule", actor="system"
        )
        return run_id is not None
