"""The deadline watcher: due-soon and overdue notices for dossiers, steps and consultations.

Safe with any number of replicas, each running one: a notice is a row unique on (kind, scope, subject,
due date), inserted with ON CONFLICT DO NOTHING in the same transaction as its outbox event, so only
the transaction that inserted it publishes it — two watchers racing on one deadline end with one row
and one event, and a crash between the two is impossible (one transaction). A new due date (after an
extension or a clock restart) is a new deadline and gets its own notices. No row locks are taken, so
officers' actions never wait for the watcher.

A missed consultation deadline is reported to the head of the receiving desk (R-PROC-4): the notice
is marked ``reported_to_desk`` and the report is written to the dossier's history.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import structlog
from sqlalchemy import and_, exists, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert

from contracts.events import PROCESS_DUE_SOON, PROCESS_OVERDUE, DeadlineScope, ProcessDueSoon, ProcessOverdue
from servicekit.db import Database
from servicekit.outbox import Outbox
from workflow.clock import Clock
from workflow.deadlines import rules
from workflow.deadlines.models import DUE_SOON, OVERDUE, DeadlineNotice
from workflow.history import service as history
from workflow.locking import locked
from workflow.processes.engine import Context
from workflow.processes.events import common
from workflow.processes.models import ProcessInstance, is_processing
from workflow.tasks.models import CONSULTATION_REQUEST, Consultation, Task, is_open

log = structlog.get_logger("workflow.deadlines")


@dataclass(frozen=True)
class Deadline:
    """One deadline to judge: whose, due when, and what to say about it."""

    scope: DeadlineScope
    subject_id: Any
    instance: ProcessInstance
    due: date
    title: str
    agency_code: str
    assignee_subject: str | None


class DeadlineWatcher:
    """A ``BackgroundWorker``: a sweep every ``interval`` seconds until stopped."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        clock: Clock,
        *,
        interval: float = 60.0,
        batch_size: int = 200,
        soon_working_days: int = 1,
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.clock = clock
        self.interval = interval
        self.batch_size = batch_size
        self.soon_working_days = soon_working_days
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.sweep()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("deadline_watch_failed", error=str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)

    def _horizon(self, today: date) -> date:
        # Wide enough for the longest run of days off (Tết and its weekends) before a due date.
        return today + timedelta(days=7 * (self.soon_working_days + 1) + 14)

    async def sweep(self) -> int:
        """One pass over every deadline that may need a notice; returns how many notices it sent."""
        sent = 0
        for source in (self._process_deadlines, self._task_deadlines):
            after: tuple[date, Any] | None = None
            while not self._stopping.is_set():
                async with self.db.transaction() as session:
                    ctx = Context(session=session, outbox=self.outbox, now=self.clock.now())
                    batch = await source(ctx, after)
                    for deadline in batch:
                        sent += await self._judge(ctx, deadline)
                if len(batch) < self.batch_size:
                    break
                after = (batch[-1].due, batch[-1].subject_id)
        if sent:
            log.info("deadline_notices_sent", count=sent)
        return sent

    def _not_notified(self, scope: DeadlineScope, subject: Any, due: Any, today: date) -> Any:
        """Candidates owed a notice: overdue without an overdue notice, near without a due-soon one."""

        def notice(kind: str) -> Any:
            return exists().where(
                DeadlineNotice.kind == kind,
                DeadlineNotice.scope == scope.value,
                DeadlineNotice.subject_id == subject,
                DeadlineNotice.due_date == due,
            )

        return ((due < today) & ~notice(OVERDUE)) | (
            and_(due >= today, due <= self._horizon(today)) & ~notice(DUE_SOON)
        )

    async def _process_deadlines(self, ctx: Context, after: tuple[date, Any] | None) -> list[Deadline]:
        query = select(ProcessInstance).where(
            is_processing(),
            ProcessInstance.due_date.is_not(None),
            self._not_notified(
                DeadlineScope.PROCESS, ProcessInstance.id, ProcessInstance.due_date, ctx.today
            ),
        )
        if after:
            query = query.where(tuple_(ProcessInstance.due_date, ProcessInstance.id) > after)
        rows = await ctx.session.scalars(
            query.order_by(ProcessInstance.due_date, ProcessInstance.id).limit(self.batch_size)
        )
        return [
            Deadline(
                scope=DeadlineScope.PROCESS,
                subject_id=i.id,
                instance=i,
                due=i.due_date,  # type: ignore[arg-type]
                title=i.procedure_name or i.procedure_code,
                agency_code=i.agency_code,
                assignee_subject=None,
            )
            for i in rows
        ]

    async def _task_deadlines(self, ctx: Context, after: tuple[date, Any] | None) -> list[Deadline]:
        scope = DeadlineScope.TASK
        query = (
            select(Task, ProcessInstance)
            .join(ProcessInstance, ProcessInstance.id == Task.instance_id)
            .where(
                is_open(),
                is_processing(),
                # A consultation's notices are of their own scope.
                (
                    (Task.kind != CONSULTATION_REQUEST)
                    & self._not_notified(scope, Task.id, Task.due_date, ctx.today)
                )
                | (
                    (Task.kind == CONSULTATION_REQUEST)
                    & self._not_notified(DeadlineScope.CONSULTATION, Task.id, Task.due_date, ctx.today)
                ),
            )
        )
        if after:
            query = query.where(tuple_(Task.due_date, Task.id) > after)
        rows: Sequence[Any] = (
            await ctx.session.execute(query.order_by(Task.due_date, Task.id).limit(self.batch_size))
        ).all()
        return [
            Deadline(
                scope=DeadlineScope.CONSULTATION if task.kind == CONSULTATION_REQUEST else DeadlineScope.TASK,
                subject_id=task.id,
                instance=instance,
                due=task.due_date,
                title=task.title,
                agency_code=task.agency_code,
                assignee_subject=task.assignee_subject,
            )
            for task, instance in rows
        ]

    async def _judge(self, ctx: Context, deadline: Deadline) -> int:
        calendar = await ctx.calendar(deadline.agency_code)
        found = rules.standing(
            calendar, due=deadline.due, today=ctx.today, soon_working_days=self.soon_working_days
        )
        if found is None:
            return 0
        standing, days = found
        to_desk = standing is rules.Standing.OVERDUE and deadline.scope is DeadlineScope.CONSULTATION
        kind = OVERDUE if standing is rules.Standing.OVERDUE else DUE_SOON
        inserted = await ctx.session.execute(
            pg_insert(DeadlineNotice)
            .values(
                instance_id=deadline.instance.id,
                kind=kind,
                scope=deadline.scope.value,
                subject_id=deadline.subject_id,
                due_date=deadline.due,
                title=deadline.title,
                handling_agency_code=deadline.agency_code,
                desk_agency_code=deadline.instance.agency_code,
                assignee_subject=deadline.assignee_subject,
                reported_to_desk=to_desk,
                created_at=ctx.now,
            )
            .on_conflict_do_nothing(index_elements=["kind", "scope", "subject_id", "due_date"])
            .returning(DeadlineNotice.id)
        )
        if inserted.first() is None:
            return 0  # another watcher sent it
        fields = {
            **common(deadline.instance, ctx.now),
            "process_instance_id": deadline.instance.id,
            "scope": deadline.scope,
            "subject_id": deadline.subject_id,
            "title": deadline.title,
            "handling_agency_code": deadline.agency_code,
            "assignee_subject": deadline.assignee_subject,
            "due_date": deadline.due,
        }
        payload: ProcessDueSoon | ProcessOverdue
        if kind == OVERDUE:
            payload = ProcessOverdue(**fields, working_days_late=days, reported_to_desk=to_desk)
        else:
            payload = ProcessDueSoon(**fields, working_days_left=days)
        key = str(deadline.instance.dossier_id)
        await self.outbox.add(
            ctx.session,
            PROCESS_OVERDUE if kind == OVERDUE else PROCESS_DUE_SOON,
            payload,
            key=key,
            subject=key,
        )
        if to_desk:
            await self._report_to_desk(ctx, deadline)
        return 1

    async def _report_to_desk(self, ctx: Context, deadline: Deadline) -> None:
        """R-PROC-4: the missed consultation deadline goes on the record, addressed to the desk's head."""
        consultation = await ctx.session.scalar(
            select(Consultation).where(Consultation.task_id == deadline.subject_id).with_for_update()
        )
        if consultation is not None:
            consultation.overdue_reported_at = ctx.now
        instance = await locked(ctx.session, ProcessInstance, deadline.instance.id)
        assert instance is not None
        await history.append(
            ctx.session,
            instance,
            action="consultation_overdue_reported",
            at=ctx.now,
            task_id=deadline.subject_id,
            step_title=deadline.title,
            handling_agency_code=deadline.agency_code,
            giver="Hệ thống theo dõi thời hạn",
            receiver=f"Trưởng Bộ phận Một cửa {instance.agency_code}",
            data={"due_date": deadline.due.isoformat(), "consulted_unit": deadline.agency_code},
        )
