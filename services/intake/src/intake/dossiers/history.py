"""The audit history of a dossier: every state change appends who, when, from, to and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from intake.dossiers.models import Dossier, DossierHistory
from servicekit.auth import Principal
from servicekit.db import utcnow


@dataclass(frozen=True)
class Actor:
    """Who acted: a signed-in person, an officer named in an event, or the system itself."""

    subject: str | None
    kind: str
    name: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(principal.subject, principal.kind, principal.name)


SYSTEM = Actor(None, "system", "Hệ thống")


def record(
    session: AsyncSession,
    dossier: Dossier,
    action: str,
    actor: Actor,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> DossierHistory:
    entry = DossierHistory(
        dossier_id=dossier.id,
        at=utcnow(),
        action=action,
        actor_subject=actor.subject,
        actor_kind=actor.kind,
        actor_name=actor.name,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        details=details or {},
    )
    session.add(entry)
    return entry


def move(
    session: AsyncSession,
    dossier: Dossier,
    to_status: str,
    actor: Actor,
    *,
    action: str,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Change the status (the caller checked the lifecycle) and record it."""
    from_status = dossier.status
    now = utcnow()
    dossier.status = to_status
    dossier.status_changed_at = now
    dossier.updated_at = now
    record(
        session,
        dossier,
        action,
        actor,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        details=details,
    )
