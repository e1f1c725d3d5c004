"""Shared pieces of the record rules: a progress step in the right status, dates and amounts as the
progress log writes them. Pure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from contracts.lifecycle import NationalStatus
from nationalsync.records.progress import ProgressStep
from nationalsync.records.state import RecordState


def step(
    state: RecordState, at: datetime, content: str, *, status: NationalStatus | None = None, **fields: Any
) -> ProgressStep | None:
    """A step in the status the event put the dossier in (`status`), else the record's status."""
    status = status or state.national_status
    if status is None:
        return None
    return ProgressStep(at=at, content=content, status=status, **fields)


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"
