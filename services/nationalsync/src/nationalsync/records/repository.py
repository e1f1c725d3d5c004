"""Rows ↔ plain state, and loading a record for update; no commits here."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from nationalsync.records.models import DossierRecord, QueueState
from nationalsync.records.state import Document, Fee, RecordState


def to_state(row: DossierRecord) -> RecordState:
    return RecordState(
        dossier_id=row.dossier_id,
        agency_code=row.agency_code,
        dossier_code=row.dossier_code,
        procedure_code=row.procedure_code,
        procedure_version=row.procedure_version,
        applicant_name=row.applicant_name,
        applicant_kind=ApplicantKind(row.applicant_kind) if row.applicant_kind else None,
        channel=Channel(row.channel) if row.channel else None,
        submitted_at=row.submitted_at,
        received_at=row.received_at,
        appointment_date=row.appointment_date,
        due_date=row.due_date,
        resolved_at=row.resolved_at,
        returned_at=row.returned_at,
        status=DossierStatus(row.status) if row.status else None,
        refused_at_desk=row.refused_at_desk,
        status_at=row.status_at,
        status_from_payment=row.status_from_payment,
        status_before_payment=DossierStatus(row.status_before_payment) if row.status_before_payment else None,
        documents=tuple(Document.from_json(d) for d in row.documents or ()),
        result_documents=tuple(Document.from_json(d) for d in row.result_documents or ()),
        fees=tuple(Fee.from_json(f) for f in row.fees or ()),
        fees_paid=row.fees_paid,
        payment_id=row.payment_id,
    )


def write_state(row: DossierRecord, state: RecordState) -> None:
    row.agency_code = state.agency_code
    row.dossier_code = state.dossier_code
    row.procedure_code = state.procedure_code
    row.procedure_version = state.procedure_version
    row.applicant_name = state.applicant_name
    row.applicant_kind = state.applicant_kind.value if state.applicant_kind else None
    row.channel = state.channel.value if state.channel else None
    row.submitted_at = state.submitted_at
    row.received_at = state.received_at
    row.appointment_date = state.appointment_date
    row.due_date = state.due_date
    row.resolved_at = state.resolved_at
    row.returned_at = state.returned_at
    row.status = state.status.value if state.status else None
    row.refused_at_desk = state.refused_at_desk
    row.status_at = state.status_at
    row.status_from_payment = state.status_from_payment
    row.status_before_payment = state.status_before_payment.value if state.status_before_payment else None
    row.documents = [d.to_json() for d in state.documents]
    row.result_documents = [d.to_json() for d in state.result_documents]
    row.fees = [f.to_json() for f in state.fees]
    row.fees_paid = state.fees_paid
    row.payment_id = state.payment_id


async def lock(session: AsyncSession, dossier_id: uuid.UUID, *, agency_code: str) -> DossierRecord:
    """The dossier's row, created if new, locked until the transaction ends.

    Dossier and payment events of one dossier may be handled at once by two replicas (different
    partitions): the insert-or-nothing then the row lock serialise them.
    """
    await session.execute(
        pg_insert(DossierRecord)
        .values(
            dossier_id=dossier_id,
            agency_code=agency_code,
            version=0,
            manual_retries=0,
            queue_state=QueueState.SYNCED.value,
            documents=[],
            result_documents=[],
            fees=[],
        )
        .on_conflict_do_nothing(index_elements=["dossier_id"])
    )
    row = (
        await session.scalars(
            select(DossierRecord)
            .where(DossierRecord.dossier_id == dossier_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one()
    return row
