"""Starting and reading process instances."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import PROCESS_STARTED, DossierSubmitted, ProcessStarted
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7
from servicekit.errors import NotFound
from servicekit.i18n import Text
from servicekit.outbox import Outbox
from workflow.processes.models import ProcessInstance

AWAITING_RECEPTION = "awaiting_reception"


class ProcessNotFound(NotFound):
    code = "process_not_found"
    title = Text("Không tìm thấy quy trình xử lý", "Process not found")


async def start_for_submitted(session: AsyncSession, outbox: Outbox, payload: DossierSubmitted) -> bool:
    """Open the dossier's process instance (waiting for the desk) once; False if it already exists."""
    now = utcnow()
    instance_id = uuid7()
    inserted = await session.execute(
        pg_insert(ProcessInstance)
        .values(
            id=instance_id,
            dossier_id=payload.dossier_id,
            dossier_code=payload.dossier_code,
            procedure_code=payload.procedure_code,
            agency_code=payload.agency_code,
            applicant_subject=payload.applicant_subject,
            stage=AWAITING_RECEPTION,
            version=1,
            started_at=now,
        )
        .on_conflict_do_nothing(index_elements=[ProcessInstance.dossier_id])
        .returning(ProcessInstance.id)
    )
    if inserted.first() is None:
        return False
    await outbox.add(
        session,
        PROCESS_STARTED,
        ProcessStarted(
            dossier_id=payload.dossier_id,
            dossier_code=payload.dossier_code,
            process_instance_id=instance_id,
            agency_code=payload.agency_code,
            applicant_subject=payload.applicant_subject,
            started_at=now,
        ),
        key=str(payload.dossier_id),
        subject=str(payload.dossier_id),
    )
    return True


async def get_for_dossier(
    session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal
) -> ProcessInstance:
    instance = await session.scalar(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id))
    if instance is None or not principal.serves_agency(instance.agency_code):
        raise ProcessNotFound()
    return instance
