"""Queries on dossiers; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from intake.dossiers.models import Dossier


async def get(session: AsyncSession, *, dossier_id: uuid.UUID) -> Dossier | None:
    return await session.get(Dossier, dossier_id)


async def list_for_applicant(
    session: AsyncSession, *, subject: str, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> Sequence[Dossier]:
    """Newest first, keyset-paginated on (created_at, id)."""
    query = select(Dossier).where(Dossier.applicant_subject == subject)
    if after is not None:
        query = query.where(tuple_(Dossier.created_at, Dossier.id) < tuple_(*after))
    query = query.order_by(Dossier.created_at.desc(), Dossier.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


def add(session: AsyncSession, dossier: Dossier) -> None:
    session.add(dossier)
