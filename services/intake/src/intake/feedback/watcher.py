"""The feedback deadline watcher: a due-soon warning on the working day before an unanswered feedback's
due date, and an overdue notice the day after it (R-FB-4).

Safe with any number of replicas, each running one, and never sends a notice twice: a notice is the
row's ``*_sent_for`` column set to the due date it is about, by one UPDATE over rows picked with
``FOR UPDATE SKIP LOCKED`` and still unmarked, in the same transaction as the outbox event. Two watchers
racing split the rows between them; a row marked by one is no longer a candidate for the other, and a
crash between the mark and the event is impossible (one transaction). A forward sets a new due date,
which is a new deadline with notices of its own. No calendar is read here: the reminder day was fixed
with the agency's calendar when the due date was.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import date

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import FEEDBACK_DUE_SOON, FEEDBACK_OVERDUE, FeedbackDueSoon, FeedbackOverdue
from intake.feedback import repository, rules
from intake.feedback.events import common_fields
from intake.feedback.models import Feedback
from intake.feedback.rules import FeedbackStatus, HistoryAction
from servicekit.clock import Clock, local_today
from servicekit.db import Database
from servicekit.outbox import Outbox

log = structlog.get_logger("intake.feedback.watcher")


class FeedbackWatcher:
    """A ``BackgroundWorker``: one sweep every ``interval`` seconds until stopped."""

    def __init__(
        self, db: Database, outbox: Outbox, clock: Clock, *, interval: float = 60.0, batch_size: int = 200
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.clock = clock
        self.interval = interval
        self.batch_size = batch_size
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
                log.warning("feedback_watch_failed", error=str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self.interval)

    async def sweep(self) -> int:
        """One pass: every notice owed today; returns how many were sent by this watcher."""
        today = local_today(self.clock)
        sent = 0
        for overdue in (True, False):
            while not self._stopping.is_set():
                async with self.db.transaction() as session:
                    marked = await self._mark(session, today, overdue=overdue)
                    for feedback in marked:
                        await self._notify(session, feedback, today, overdue=overdue)
                sent += len(marked)
                if len(marked) < self.batch_size:
                    break
        if sent:
            log.info("feedback_notices_sent", count=sent)
        return sent

    async def _mark(self, session: AsyncSession, today: date, *, overdue: bool) -> Sequence[Feedback]:
        column = Feedback.overdue_sent_for if overdue else Feedback.due_soon_sent_for
        owed = [
            Feedback.status == FeedbackStatus.RECEIVED.value,
            column.is_distinct_from(Feedback.due_date),
        ]
        if overdue:
            owed.append(Feedback.due_date < today)
        else:
            owed += [Feedback.remind_on <= today, Feedback.due_date >= today]
        candidates = (
            select(Feedback.id)
            .where(*owed)
            .order_by(Feedback.due_date, Feedback.id)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(Feedback)
            .where(Feedback.id.in_(candidates.scalar_subquery()), *owed)
            .values({column: Feedback.due_date})
            .returning(Feedback)
            .execution_options(synchronize_session=False)
        )
        return (await session.scalars(statement)).all()

    async def _notify(self, session: AsyncSession, feedback: Feedback, today: date, *, overdue: bool) -> None:
        now = self.clock.now()
        fields = common_fields(feedback, now)
        key = str(feedback.id)
        if overdue:
            await self.outbox.add(session, FEEDBACK_OVERDUE, FeedbackOverdue(**fields), key=key, subject=key)
        else:
            left = rules.working_days_left(due_date=feedback.due_date, today=today)
            await self.outbox.add(
                session,
                FEEDBACK_DUE_SOON,
                FeedbackDueSoon(**fields, working_days_left=left),
                key=key,
                subject=key,
            )
        repository.add_history(
            session,
            feedback,
            action=HistoryAction.OVERDUE_NOTIFIED if overdue else HistoryAction.DUE_SOON_NOTIFIED,
            at=now,
            actor_subject=None,
            actor_name="Hệ thống theo dõi thời hạn",
            note=f"Hạn trả lời: {feedback.due_date.strftime('%d/%m/%Y')}",
        )
