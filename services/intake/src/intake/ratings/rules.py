"""Pure rules of ratings (R-FB-5): when a dossier may be rated and until when a rating may change."""

from __future__ import annotations

from datetime import datetime, timedelta

from contracts.lifecycle import DossierStatus

#: A dossier is rated after its result: resolved (result ready) or returned (result handed over).
RATEABLE_STATUSES = frozenset({DossierStatus.RESOLVED.value, DossierStatus.RETURNED.value})


def may_rate(status: str) -> bool:
    return status in RATEABLE_STATUSES


def editable_until(first_submitted_at: datetime, *, edit_days: int) -> datetime:
    """The applicant may change the rating for ``edit_days`` days after first giving it."""
    return first_submitted_at + timedelta(days=edit_days)


def may_edit(editable_until: datetime, now: datetime) -> bool:
    return now < editable_until
