"""Request dependencies of the intake service (the session dependency is the only place that commits).

``ReadSessionDep`` serves the public lookup without a transaction: each statement sees committed data
and the BEGIN/COMMIT round trips are saved on a hot public path; nothing is written through it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.deps import OutboxDep, RuntimeDep, SessionDep, get_runtime


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    engine = get_runtime(request).db.engine
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        async with AsyncSession(bind=autocommit, expire_on_commit=False, autoflush=False) as session:
            yield session


ReadSessionDep = Annotated[AsyncSession, Depends(read_session, scope="function")]

__all__ = ["OutboxDep", "ReadSessionDep", "RuntimeDep", "SessionDep"]
