"""Queries on webhook subscriptions; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from notify.webhooks.models import WebhookSubscription as W


async def get(session: AsyncSession, subscription_id: uuid.UUID, *, lock: bool = False) -> W | None:
    query = select(W).where(W.id == subscription_id)
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def list_page(
    session: AsyncSession, *, owner: str | None, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> Sequence[W]:
    """Newest first; ``owner`` None lists everyone's (system administrators)."""
    query = select(W)
    if owner is not None:
        query = query.where(W.owner_subject == owner)
    if after is not None:
        query = query.where(tuple_(W.created_at, W.id) < tuple_(*after))
    return (await session.scalars(query.order_by(W.created_at.desc(), W.id.desc()).limit(limit))).all()


async def matching(session: AsyncSession, *, event_type: str, agency: str) -> Sequence[W]:
    """Active subscriptions to this event type for this agency (or for every agency)."""
    query = select(W).where(
        W.active.is_(True),
        W.event_types.contains([event_type]),
        or_(func.jsonb_array_length(W.agency_codes) == 0, W.agency_codes.contains([agency])),
    )
    return (await session.scalars(query.order_by(W.id))).all()


def add(session: AsyncSession, subscription: W) -> None:
    session.add(subscription)


async def delete(session: AsyncSession, subscription: W) -> None:
    await session.delete(subscription)
