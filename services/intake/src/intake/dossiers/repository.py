"""Queries on dossiers; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import DossierStatus
from intake.dossiers.models import Dossier, DossierHistory


async def get(session: AsyncSession, *, dossier_id: uuid.UUID, for_update: bool = False) -> Dossier | None:
    if for_update:
        return await session.get(Dossier, dossier_id, with_for_update=True, populate_existing=True)
    return await session.get(Dossier, dossier_id)


async def by_code(session: AsyncSession, *, code: str) -> Dossier | None:
    return (await session.scalars(select(Dossier).where(Dossier.code == code))).first()


async def public_row(session: AsyncSession, *, code: str) -> Any:
    """Only what the public lookup shows (R-LOOK-1), by the unique code index."""
    query = select(Dossier.id, Dossier.status, Dossier.procedure_code, Dossier.procedure_name).where(
        Dossier.code == code
    )
    return (await session.execute(query)).first()


async def list_for_applicant(
    session: AsyncSession, *, subject: str, limit: int, after: tuple[datetime, uuid.UUID] | None
) -> Sequence[Dossier]:
    """Newest first, keyset-paginated on (created_at, id)."""
    query = select(Dossier).where(Dossier.applicant_subject == subject)
    if after is not None:
        query = query.where(tuple_(Dossier.created_at, Dossier.id) < tuple_(*after))
    query = query.order_by(Dossier.created_at.desc(), Dossier.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def earlier_forms(session: AsyncSession, *, subject: str, limit: int = 20) -> list[dict[str, Any]]:
    """The e-form data of the applicant's filed dossiers, newest first (R-INT-5)."""
    query = (
        select(Dossier.forms)
        .where(Dossier.applicant_subject == subject, Dossier.status != DossierStatus.DRAFT.value)
        .order_by(Dossier.submitted_at.desc().nulls_last(), Dossier.id.desc())
        .limit(limit)
    )
    return [dict(forms or {}) for forms in (await session.scalars(query)).all()]


async def history(session: AsyncSession, *, dossier_id: uuid.UUID) -> Sequence[DossierHistory]:
    query = select(DossierHistory).where(DossierHistory.dossier_id == dossier_id).order_by(DossierHistory.id)
    return (await session.scalars(query)).all()


def add(session: AsyncSession, dossier: Dossier) -> None:
    session.add(dossier)
