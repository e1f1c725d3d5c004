"""Request dependencies shared by services: the committing session, the runtime and the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.app import ServiceRuntime
from servicekit.outbox import Outbox


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: commits after the endpoint returns, before the response is sent."""
    async for session in get_runtime(request).db.session():
        yield session


def get_outbox(request: Request) -> Outbox:
    return get_runtime(request).outbox


# The dependencies are coroutines: FastAPI runs a plain ``def`` dependency in a worker thread, a thread
# hop per request and per dependency for what is an attribute read.
async def _runtime(request: Request) -> ServiceRuntime:
    return get_runtime(request)


async def _outbox(request: Request) -> Outbox:
    return get_outbox(request)


RuntimeDep = Annotated[ServiceRuntime, Depends(_runtime)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
OutboxDep = Annotated[Outbox, Depends(_outbox)]
