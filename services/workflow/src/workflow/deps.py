"""Request dependencies of the workflow service (the session dependency is the only place that commits)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.deps import OutboxDep, RuntimeDep, SessionDep
from workflow.clock import Clock
from workflow.settings import WorkflowSettings


async def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def get_settings(request: Request) -> WorkflowSettings:
    settings: WorkflowSettings = request.app.state.runtime.settings
    return settings


ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[WorkflowSettings, Depends(get_settings)]


async def read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Reads without a transaction (no BEGIN/COMMIT round trips): lists and inboxes, where each statement
    seeing committed data is enough. Nothing is written through it."""
    engine = request.app.state.runtime.db.engine
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        async with AsyncSession(bind=autocommit, expire_on_commit=False, autoflush=False) as session:
            yield session


ReadSessionDep = Annotated[AsyncSession, Depends(read_session, scope="function")]

__all__ = ["ClockDep", "OutboxDep", "ReadSessionDep", "RuntimeDep", "SessionDep", "SettingsDep"]
