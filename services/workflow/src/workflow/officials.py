"""The calling official: verified token, and a line in workflow's directory of officials (written only
when the token says something new), so unit heads can assign tasks to colleagues who use the system."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from servicekit.auth import Principal, PrincipalKind, require
from workflow.deps import RuntimeDep
from workflow.directory import service as directory

OFFICIALS: tuple[PrincipalKind, ...] = ("official",)
_official = require(kinds=OFFICIALS)


async def current_official(request: Request, runtime: RuntimeDep) -> Principal:
    principal = await _official(request)
    cache: directory.OfficerCache = request.app.state.officer_cache
    if not cache.fresh(principal):
        # Its own short transaction: the directory line stays even if the request's action fails.
        async with runtime.db.transaction() as session:
            await directory.remember_officer(session, principal)
        cache.remember(principal)
    return principal


CurrentOfficial = Annotated[Principal, Depends(current_official)]
