"""Events on the catalog topic: published procedures, agency changes, the working-day calendar,
maintenance windows of the portal (R-OPS-1)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime, Field

from contracts.events.base import EventPayload, NonEmptyStr

__all__ = [
    "AGENCY_UPDATED",
    "CALENDAR_CHANGED",
    "MAINTENANCE_CANCELLED",
    "MAINTENANCE_EXTENDED",
    "MAINTENANCE_SCHEDULED",
    "PROCEDURE_PUBLISHED",
    "AgencyBankAccount",
    "AgencyUpdated",
    "CalendarChanged",
    "MaintenanceCancelled",
    "MaintenanceExtended",
    "MaintenanceScheduled",
    "ProcedurePublished",
]

PROCEDURE_PUBLISHED = "vn.motcua.procedure.published.v1"
AGENCY_UPDATED = "vn.motcua.agency.updated.v1"
CALENDAR_CHANGED = "vn.motcua.calendar.changed.v1"
MAINTENANCE_SCHEDULED = "vn.motcua.maintenance.scheduled.v1"
MAINTENANCE_CANCELLED = "vn.motcua.maintenance.cancelled.v1"
MAINTENANCE_EXTENDED = "vn.motcua.maintenance.extended.v1"


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


class AgencyBankAccount(EventPayload):
    """The account an agency publishes for fees and charges (R-PAY-3: transfers go there)."""

    bank_name: NonEmptyStr
    account_number: NonEmptyStr
    account_holder: NonEmptyStr
    branch: NonEmptyStr | None = None


class AgencyUpdated(EventPayload):
    """An agency was created or changed; the payload is its full current state."""

    agency_id: UUID
    agency_code: NonEmptyStr = Field(description="QCVN 102:2016 code (R-FMT-1).")
    name: NonEmptyStr
    parent_code: NonEmptyStr | None = None
    administrative_level: NonEmptyStr | None = Field(
        default=None, description="central, province, district or commune (R-CAT-3); absent from old events."
    )
    active: bool = True
    bank_account: AgencyBankAccount | None = Field(
        default=None, description="The published account for fees (R-PAY-3); absent: none published."
    )
    occurred_at: AwareDatetime


class CalendarChanged(EventPayload):
    """Administrators changed the calendar overrides (R-FMT-7).

    The payload is the complete set of overrides after the change, not a delta, so applying it twice
    or out of order with an older one (by `occurred_at`) is harmless.
    """

    extra_days_off: tuple[date, ...] = Field(description="Days off beyond the statutory holidays.")
    working_days: tuple[date, ...] = Field(description="Weekend days declared working days (swaps).")
    occurred_at: AwareDatetime


class MaintenanceScheduled(EventPayload):
    """A system administrator scheduled a maintenance window of the portal (R-OPS-1), at least one
    working day ahead; during it the gateway answers 503 with Retry-After."""

    window_id: UUID
    starts_at: AwareDatetime
    expected_end_at: AwareDatetime = Field(description="When the portal is expected to be back.")
    message_vi: NonEmptyStr = Field(description="The announcement, in Vietnamese.")
    message_en: NonEmptyStr | None = Field(default=None, description="The announcement, in English.")
    scheduled_by: NonEmptyStr = Field(description="Subject of the administrator.")
    occurred_at: AwareDatetime


class MaintenanceCancelled(EventPayload):
    """A scheduled maintenance window was cancelled (or, once started, ended early)."""

    window_id: UUID
    starts_at: AwareDatetime
    cancelled_by: NonEmptyStr = Field(description="Subject of the administrator.")
    occurred_at: AwareDatetime


class MaintenanceExtended(EventPayload):
    """A scheduled or running maintenance window takes longer: its expected end moved later (R-OPS-1:
    the announced return time stays true). Carries the window's announcement as it now stands."""

    window_id: UUID
    starts_at: AwareDatetime
    previous_expected_end_at: AwareDatetime
    expected_end_at: AwareDatetime = Field(description="The new expected end, after the previous one.")
    message_vi: NonEmptyStr
    message_en: NonEmptyStr | None = None
    extended_by: NonEmptyStr = Field(description="Subject of the administrator.")
    occurred_at: AwareDatetime
