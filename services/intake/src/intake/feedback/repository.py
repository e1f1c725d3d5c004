"""Queries on feedback; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from intake.feedback.models import Feedback, FeedbackHistory
from intake.feedback.rules import FeedbackStatus


async def get(session: AsyncSession, feedback_id: uuid.UUID, *, for_update: bool = False) -> Feedback | None:
    return await session.get(Feedback, feedback_id, with_for_update=for_update, populate_existing=for_update)


async def history(session: AsyncSession, feedback_id: uuid.UUID) -> Sequence[FeedbackHistory]:
    query = select(FeedbackHistory).where(FeedbackHistory.feedback_id == feedback_id)
    return (await session.scalars(query.order_by(FeedbackHistory.id))).all()


def add_history(
    session: AsyncSession,
    feedback: Feedback,
    *,
    action: str,
    at: datetime,
    actor_subject: str | None,
    actor_name: str | None,
    note: str | None = None,
) -> None:
    session.add(
        FeedbackHistory(
            feedback_id=feedback.id,
            at=at,
            action=action,
            actor_subject=actor_subject,
            actor_name=actor_name,
            agency_code=feedback.agency_code,
            note=note,
        )
    )


async def page(
    session: AsyncSession,
    *,
    submitter: str | None,
    agencies: Collection[str] | None,
    status: FeedbackStatus | None,
    overdue_on: date | None,
    dossier_id: uuid.UUID | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Feedback]:
    """Newest first, keyset-paginated on (submitted_at, id); ``overdue_on``: unanswered and past due then."""
    query = select(Feedback)
    if dossier_id is not None:
        query = query.where(Feedback.dossier_id == dossier_id)
    if submitter is not None:
        query = query.where(Feedback.submitter_subject == submitter)
    if agencies is not None:
        query = query.where(Feedback.agency_code.in_(list(agencies)))
    if status is not None:
        query = query.where(Feedback.status == status.value)
    if overdue_on is not None:
        query = query.where(Feedback.status == FeedbackStatus.RECEIVED.value, Feedback.due_date < overdue_on)
    if after is not None:
        query = query.where(tuple_(Feedback.submitted_at, Feedback.id) < tuple_(*after))
    query = query.order_by(Feedback.submitted_at.desc(), Feedback.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def public_page(
    session: AsyncSession,
    *,
    procedure_code: str | None,
    agency_code: str | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Feedback]:
    query = select(Feedback).where(Feedback.published.is_(True))
    if procedure_code is not None:
        query = query.where(Feedback.procedure_code == procedure_code)
    if agency_code is not None:
        query = query.where(Feedback.agency_code == agency_code)
    if after is not None:
        query = query.where(tuple_(Feedback.published_at, Feedback.id) < tuple_(*after))
    query = query.order_by(Feedback.published_at.desc(), Feedback.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def agency_figures(
    session: AsyncSession, *, agency_code: str, start: date, end: date, today: date
) -> dict[str, int]:
    """Feedback received by the agency in [start, end]: answered on time or late, pending, overdue now."""
    answered = Feedback.status == FeedbackStatus.ANSWERED.value
    pending = Feedback.status == FeedbackStatus.RECEIVED.value
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(answered),
                func.count().filter(and_(answered, Feedback.answered_on_time.is_(True))),
                func.count().filter(and_(answered, Feedback.answered_on_time.is_(False))),
                func.count().filter(pending),
                func.count().filter(and_(pending, Feedback.due_date < today)),
            ).where(
                Feedback.agency_code == agency_code,
                Feedback.received_on >= start,
                Feedback.received_on <= end,
            )
        )
    ).one()
    keys = ("received", "answered", "answered_on_time", "answered_late", "pending", "overdue_now")
    return dict(zip(keys, (int(v) for v in row), strict=True))


async def officer_figures(
    session: AsyncSession, *, agency_code: str, start: date, end: date
) -> Sequence[Any]:
    """Per official who answered: how many, on time, late (most answers first)."""
    on_time = func.sum(case((Feedback.answered_on_time.is_(True), 1), else_=0))
    query = (
        select(
            Feedback.answered_by,
            func.max(Feedback.answered_by_name),
            func.count(),
            on_time,
            func.count() - on_time,
        )
        .where(
            Feedback.agency_code == agency_code,
            Feedback.status == FeedbackStatus.ANSWERED.value,
            Feedback.received_on >= start,
            Feedback.received_on <= end,
        )
        .group_by(Feedback.answered_by)
        .order_by(func.count().desc(), Feedback.answered_by)
    )
    rows: Sequence[Any] = (await session.execute(query)).all()
    return rows
