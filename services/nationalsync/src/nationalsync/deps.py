"""Request dependencies of nationalsync (the session dependency is the only place that commits)."""

from __future__ import annotations

from servicekit.deps import RuntimeDep, SessionDep

__all__ = ["RuntimeDep", "SessionDep"]
