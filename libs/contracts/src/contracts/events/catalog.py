"""Events on the catalog topic: published procedures, agency changes, the working-day calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr

__all__ = [
    "AGENCY_UPDATED",
    "CALENDAR_CHANGED",
    "PROCEDURE_PUBLISHED",
    "AgencyUpdated",
    "CalendarChanged",
    "ProcedurePublished",
]

PROCEDURE_PUBLISHED = "vn.motcua.procedure.published.v1"
AGENCY_UPDATED = "vn.motcua.agency.updated.v1"
CALENDAR_CHANGED = "vn.motcua.calendar.changed.v1"


class ProcedurePublished(EventPayload):
    """A procedure version was published; dossiers filed from now on use it (R-CAT-1, R-CAT-5)."""

    procedure_id: UUID = Field(description="Id of the procedure, the same for all its versions.")
    procedure_code: NonEmptyStr = Field(description="National procedure code (R-FMT-3).")
    version: int = Field(ge=1)
    name: NonEmptyStr = Field(description="The legal name of the procedure.")
    agency_code: NonEmptyStr
    field_code: NonEmptyStr | None = Field(default=None, description="Field (lĩnh vực) code, e.g. G03-GD10.")
    level: int = Field(ge=1, le=4, description="Online service level 1-4 (R-CAT-2).")
    processing_days: int = Field(ge=0, description="Processing time limit in working days.")
    requires_payment: bool = Field(description="Whether fees or charges are due (R-PAY-3).")
    occurred_at: AwareDatetime


class AgencyUpdated(EventPayload):
    """An agency was created or changed; the payload is its full current state."""

    agency_id: UUID
    agency_code: NonEmptyStr = Field(description="QCVN 102:2016 code (R-FMT-1).")
    name: NonEmptyStr
    parent_code: NonEmptyStr | None = None
    active: bool = True
    occurred_at: AwareDatetime


class CalendarChanged(EventPayload):
    """Administrators changed the calendar overrides (R-FMT-7).

    The payload is the complete set of overrides after the change, not a delta, so applying it twice
    or out of order with an older one (by `occurred_at`) is harmless.
    """

    extra_days_off: tuple[date, ...] = Field(description="Days off beyond the statutory holidays.")
    working_days: tuple[date, ...] = Field(description="Weekend days declared working days (swaps).")
    occurred_at: AwareDatetime
