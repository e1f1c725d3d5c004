"""Request dependencies of the payments service (the session dependency is the only place that commits)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from payments.wiring import Wiring
from servicekit.deps import OutboxDep, RuntimeDep, SessionDep


def get_wiring(request: Request) -> Wiring:
    wiring: Wiring = request.app.state.payments
    return wiring


WiringDep = Annotated[Wiring, Depends(get_wiring)]

__all__ = ["OutboxDep", "RuntimeDep", "SessionDep", "WiringDep"]
