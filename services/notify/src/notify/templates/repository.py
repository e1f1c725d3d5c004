"""Queries on templates; no commits here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from notify.templates.models import MessageTemplate as T


async def active(session: AsyncSession, *, code: str, channel: str, language: str) -> T | None:
    """The highest published version, or None."""
    query = (
        select(T)
        .where(T.code == code, T.channel == channel, T.language == language, T.published_at.is_not(None))
        .order_by(T.version.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def by_version(
    session: AsyncSession, *, code: str, channel: str, language: str, version: int
) -> T | None:
    query = select(T).where(
        T.code == code, T.channel == channel, T.language == language, T.version == version
    )
    return (await session.scalars(query)).first()


async def get(session: AsyncSession, *, code: str, template_id: object) -> T | None:
    row = await session.get(T, template_id)
    return row if row is not None and row.code == code else None


async def latest_version(session: AsyncSession, *, code: str, channel: str, language: str) -> int:
    value = await session.scalar(
        select(func.max(T.version)).where(T.code == code, T.channel == channel, T.language == language)
    )
    return int(value or 0)


async def list_active(
    session: AsyncSession,
    *,
    code: str | None,
    channel: str | None,
    language: str | None,
    after: tuple[str, str, str] | None,
    limit: int,
) -> Sequence[T]:
    """The active version of each (code, channel, language), ordered by that key."""
    query = select(T).where(T.published_at.is_not(None))
    if code:
        query = query.where(T.code == code)
    if channel:
        query = query.where(T.channel == channel)
    if language:
        query = query.where(T.language == language)
    if after:
        query = query.where(tuple_(T.code, T.channel, T.language) > tuple_(*after))
    query = (
        query.ext(distinct_on(T.code, T.channel, T.language))
        .order_by(T.code, T.channel, T.language, T.version.desc())
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def list_versions(
    session: AsyncSession, *, code: str, after: tuple[str, str, int] | None, limit: int
) -> Sequence[T]:
    """Every version of a code: by channel, language, then newest version first."""
    query = select(T).where(T.code == code)
    if after:
        channel, language, version = after
        query = query.where(
            (tuple_(T.channel, T.language) > tuple_(channel, language))
            | ((T.channel == channel) & (T.language == language) & (T.version < version))
        )
    query = query.order_by(T.channel, T.language, T.version.desc()).limit(limit)
    return (await session.scalars(query)).all()


def add(session: AsyncSession, template: T) -> None:
    session.add(template)
