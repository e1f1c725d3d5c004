"""Async SQLAlchemy on asyncpg: engine, sessions, and the session-per-request unit of work.

Only the request dependency (``Database.session``) and the consumer/relay loops commit; services and
repositories never call ``commit()`` (STYLE: polar). Business rows and outbox rows therefore land in
one transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import uuid_utils
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """A service's own MetaData with stable constraint names for Alembic."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    """Abstract root; each service declares ``class Base(servicekit.db.Base)`` with its own metadata."""

    __abstract__ = True


def uuid7() -> Any:
    """Time-ordered UUIDv7 as a stdlib ``uuid.UUID`` (DESIGN §6: UUIDv7 ids)."""
    import uuid

    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Database:
    """Owns the engine and session factory of one service."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            echo=echo,
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    async def session(self) -> AsyncIterator[AsyncSession]:
        """Request dependency: yields a session, commits on success, rolls back on any exception.

        Mount with ``Depends(db.session, scope="function")`` so the commit happens before the
        response is sent: a client never sees 201 for a transaction that did not commit.
        """
        async with self.sessionmaker() as session:
            try:
                yield session
            except BaseException:
                await session.rollback()
                raise
            else:
                await session.commit()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Unit of work for background loops (consumers, jobs): commit on success, else roll back."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("select 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
