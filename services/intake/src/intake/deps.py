"""Request dependencies of the intake service (the session dependency is the only place that commits)."""

from __future__ import annotations

from servicekit.deps import OutboxDep, RuntimeDep, SessionDep

__all__ = ["OutboxDep", "RuntimeDep", "SessionDep"]
