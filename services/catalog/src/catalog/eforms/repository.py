"""Queries on e-forms; no commits here."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.eforms.models import EForm


async def for_version(
    session: AsyncSession, *, version_id: uuid.UUID, after_code: str | None = None, limit: int | None = None
) -> Sequence[EForm]:
    query = select(EForm).where(EForm.version_id == version_id)
    if after_code is not None:
        query = query.where(EForm.code > after_code)
    query = query.order_by(EForm.code)
    if limit is not None:
        query = query.limit(limit)
    return (await session.scalars(query)).all()


async def briefs(session: AsyncSession, *, version_id: uuid.UUID) -> Sequence[Any]:
    """Code, title and component of each form (not the schemas): what a procedure sheet lists."""
    query = select(EForm.code, EForm.title, EForm.component_code).where(EForm.version_id == version_id)
    return (await session.execute(query.order_by(EForm.code))).all()


async def codes(session: AsyncSession, *, version_id: uuid.UUID) -> set[str]:
    return set((await session.scalars(select(EForm.code).where(EForm.version_id == version_id))).all())


async def get(
    session: AsyncSession, *, version_id: uuid.UUID, code: str, for_update: bool = False
) -> EForm | None:
    query = select(EForm).where(EForm.version_id == version_id, EForm.code == code)
    return (await session.scalars(query.with_for_update() if for_update else query)).first()


async def copy(
    session: AsyncSession, *, source_version_id: uuid.UUID, target_version_id: uuid.UUID, author: str
) -> None:
    """A new draft starts with the forms of the version it is based on."""
    for form in await for_version(session, version_id=source_version_id):
        session.add(
            EForm(
                version_id=target_version_id,
                code=form.code,
                title=form.title,
                component_code=form.component_code,
                json_schema=form.json_schema,
                guidance=dict(form.guidance),
                prefill=dict(form.prefill),
                enum_sources=dict(form.enum_sources),
                updated_by=author,
            )
        )
