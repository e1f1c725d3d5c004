"""Row locks taken in one order (instance, then task) by everything that changes an instance."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


async def locked(session: AsyncSession, model: type[T], key: uuid.UUID) -> T | None:
    """The row under FOR UPDATE, freshly read. A copy read earlier in this session is dropped first: the
    mapper would take its older version for a concurrent change and refuse the fresh row."""
    known = session.identity_map.get(session.identity_key(model, key))
    if known is not None:
        session.expunge(known)
    return await session.get(model, key, with_for_update=True)
