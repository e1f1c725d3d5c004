"""The events intake emits for the transitions it owns (DESIGN §3), written in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import (
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_RETURNED,
    DOSSIER_SUBMITTED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_SUPPLEMENTED,
    DOSSIER_WITHDRAWN,
    DossierDocument,
    DossierReceived,
    DossierRefused,
    DossierReturned,
    DossierSubmitted,
    DossierSupplemented,
    DossierSupplementRequested,
    DossierWithdrawn,
    PaymentDue,
    SupplementItem,
)
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from intake.attachments import repository as attachments
from intake.dossiers.models import Dossier
from servicekit.outbox import Outbox


def common(dossier: Dossier, at: datetime) -> dict[str, Any]:
    """Fields every dossier event carries."""
    return {
        "dossier_id": dossier.id,
        "dossier_code": dossier.code,
        "agency_code": dossier.agency_code,
        "procedure_code": dossier.procedure_code,
        "applicant_subject": dossier.applicant_subject,
        "occurred_at": at,
    }


async def emit(
    session: AsyncSession, outbox: Outbox, event_type: str, payload: BaseModel, dossier: Dossier
) -> None:
    await outbox.add(
        session, event_type, payload, key=str(dossier.id), subject=dossier.code or str(dossier.id)
    )


async def named_documents(
    session: AsyncSession, dossier: Dossier, *, supplement_round: int | None = None
) -> tuple[DossierDocument, ...]:
    """The files attached now (of one supplement round, if given), named for the national record."""
    rows = await attachments.current(session, dossier_id=dossier.id)
    return tuple(
        DossierDocument(
            document_id=document.id, name=document.title, component_code=attachment.component_code
        )
        for attachment, document in rows
        if supplement_round is None or attachment.supplement_round == supplement_round
    )


async def submitted(session: AsyncSession, outbox: Outbox, dossier: Dossier, at: datetime) -> None:
    payload = DossierSubmitted(
        documents=await named_documents(session, dossier),
        **common(dossier, at),
        procedure_version=dossier.procedure_version,
        channel=Channel(dossier.channel),
        applicant_kind=ApplicantKind(dossier.applicant_kind),
        applicant_name=dossier.applicant_name,
        submitted_at=at,
    )
    await emit(session, outbox, DOSSIER_SUBMITTED, payload, dossier)


async def received(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    received_by: str | None,
    payment_due: PaymentDue,
) -> None:
    assert dossier.code is not None and dossier.appointment_date is not None
    payload = DossierReceived(
        **(common(dossier, at) | {"dossier_code": dossier.code}),
        procedure_version=dossier.procedure_version,
        channel=Channel(dossier.channel),
        received_at=at,
        appointment_date=dossier.appointment_date,
        received_by=received_by,
        payment_due=payment_due,
    )
    await emit(session, outbox, DOSSIER_RECEIVED, payload, dossier)


async def supplement_requested(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    items: Sequence[dict[str, Any]],
    requested_by: str,
    letter_id: uuid.UUID | None,
) -> None:
    payload = DossierSupplementRequested(
        **common(dossier, at),
        at_desk=True,
        items=tuple(
            SupplementItem(
                component_code=i.get("component_code"),
                name=i["name"],
                reason=i["reason"],
                guidance=i["guidance"],
            )
            for i in items
        ),
        requested_by=requested_by,
        letter_document_id=letter_id,
    )
    await emit(session, outbox, DOSSIER_SUPPLEMENT_REQUESTED, payload, dossier)


async def refused(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    reasons: Sequence[str],
    decided_by: str,
    letter_id: uuid.UUID | None,
) -> None:
    payload = DossierRefused(
        **common(dossier, at),
        at_desk=True,
        reasons=tuple(reasons),
        decided_by=decided_by,
        letter_document_id=letter_id,
    )
    await emit(session, outbox, DOSSIER_REFUSED, payload, dossier)


async def supplemented(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    next_status: DossierStatus,
    attachment_ids: Sequence[uuid.UUID],
) -> None:
    payload = DossierSupplemented(
        **common(dossier, at),
        documents=await named_documents(session, dossier, supplement_round=dossier.supplement_round),
        next_status=next_status,
        attachment_ids=tuple(attachment_ids),
        supplemented_at=at,
    )
    await emit(session, outbox, DOSSIER_SUPPLEMENTED, payload, dossier)


async def withdrawn(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    previous: DossierStatus,
    reason: str | None,
) -> None:
    payload = DossierWithdrawn(**common(dossier, at), previous_status=previous, reason=reason)
    await emit(session, outbox, DOSSIER_WITHDRAWN, payload, dossier)


async def returned(
    session: AsyncSession,
    outbox: Outbox,
    dossier: Dossier,
    at: datetime,
    *,
    channel: Channel,
    returned_by: str | None,
) -> None:
    assert dossier.code is not None
    payload = DossierReturned(
        **(common(dossier, at) | {"dossier_code": dossier.code}),
        return_channel=channel,
        returned_by=returned_by,
    )
    await emit(session, outbox, DOSSIER_RETURNED, payload, dossier)
