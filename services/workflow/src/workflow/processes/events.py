"""Events workflow writes to the outbox for a process instance (one helper per event type)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_REFUSED,
    DOSSIER_RESOLVED,
    DOSSIER_STOPPED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    PROCESS_PROGRESSED,
    PROCESS_STARTED,
    DossierExtended,
    DossierProcessingStarted,
    DossierRefused,
    DossierResolved,
    DossierStopped,
    DossierSupplementRequested,
    ProcessAction,
    ProcessProgressed,
    ProcessStarted,
    SupplementItem,
)
from contracts.lifecycle import NationalStatus
from servicekit.auth import Principal
from servicekit.outbox import Outbox
from workflow.processes.models import ProcessInstance


def common(instance: ProcessInstance, at: datetime) -> dict[str, Any]:
    return {
        "dossier_id": instance.dossier_id,
        "dossier_code": instance.dossier_code,
        "agency_code": instance.agency_code,
        "procedure_code": instance.procedure_code,
        "applicant_subject": instance.applicant_subject,
        "occurred_at": at,
    }


async def _add(
    session: AsyncSession, outbox: Outbox, event_type: str, payload: BaseModel, instance: ProcessInstance
) -> None:
    await outbox.add(
        session, event_type, payload, key=str(instance.dossier_id), subject=str(instance.dossier_id)
    )


async def process_started(session: AsyncSession, outbox: Outbox, instance: ProcessInstance) -> None:
    payload = ProcessStarted(
        dossier_id=instance.dossier_id,
        dossier_code=instance.dossier_code,
        process_instance_id=instance.id,
        agency_code=instance.agency_code,
        applicant_subject=instance.applicant_subject,
        started_at=instance.started_at,
    )
    await _add(session, outbox, PROCESS_STARTED, payload, instance)


async def processing_started(
    session: AsyncSession, outbox: Outbox, instance: ProcessInstance, at: datetime
) -> None:
    payload = DossierProcessingStarted(
        **common(instance, at), process_instance_id=instance.id, due_date=instance.due_date
    )
    await _add(session, outbox, DOSSIER_PROCESSING_STARTED, payload, instance)


async def progressed(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    action: ProcessAction,
    at: datetime,
    handling_agency_code: str,
    actor: Principal | None = None,
    step_title: str | None = None,
    content: str | None = None,
    step_started_at: datetime | None = None,
    step_due_date: date | None = None,
    national_status: NationalStatus = NationalStatus.PROCESSING,
) -> None:
    payload = ProcessProgressed(
        **common(instance, at),
        process_instance_id=instance.id,
        action=action,
        step_title=step_title,
        handling_agency_code=handling_agency_code,
        officer_subject=actor.subject if actor else None,
        officer_name=actor.name if actor else None,
        content=content or None,
        national_status=int(national_status),
        step_started_at=step_started_at,
        step_due_date=step_due_date,
        process_due_date=instance.due_date,
    )
    await _add(session, outbox, PROCESS_PROGRESSED, payload, instance)


async def supplement_requested(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    at: datetime,
    items: Sequence[SupplementItem],
    requested_by: str,
) -> None:
    payload = DossierSupplementRequested(
        **common(instance, at), at_desk=False, items=tuple(items), requested_by=requested_by
    )
    await _add(session, outbox, DOSSIER_SUPPLEMENT_REQUESTED, payload, instance)


async def extended(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    at: datetime,
    previous: date,
    reason: str,
    apology_document_id: uuid.UUID | None,
) -> None:
    assert instance.due_date is not None
    payload = DossierExtended(
        **common(instance, at),
        previous_appointment_date=previous,
        new_appointment_date=instance.due_date,
        reason=reason,
        apology_document_id=apology_document_id,
    )
    await _add(session, outbox, DOSSIER_EXTENDED, payload, instance)


async def stopped(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    at: datetime,
    reason: str,
    decided_by: str,
) -> None:
    payload = DossierStopped(**common(instance, at), reason=reason, decided_by=decided_by)
    await _add(session, outbox, DOSSIER_STOPPED, payload, instance)


async def resolved(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    at: datetime,
    decided_by: str,
    result_document_ids: Sequence[uuid.UUID],
    on_time: bool,
) -> None:
    assert instance.due_date is not None
    payload = DossierResolved(
        **common(instance, at),
        decided_by=decided_by,
        result_document_ids=tuple(result_document_ids),
        appointment_date=instance.due_date,
        on_time=on_time,
    )
    await _add(session, outbox, DOSSIER_RESOLVED, payload, instance)


async def refused(
    session: AsyncSession,
    outbox: Outbox,
    instance: ProcessInstance,
    *,
    at: datetime,
    reasons: Sequence[str],
    decided_by: str,
    letter_document_id: uuid.UUID | None,
) -> None:
    payload = DossierRefused(
        **common(instance, at),
        at_desk=False,
        reasons=tuple(reasons),
        decided_by=decided_by,
        letter_document_id=letter_document_id,
    )
    await _add(session, outbox, DOSSIER_REFUSED, payload, instance)
