"""Use cases on dossiers: the rules live here, endpoints stay thin."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import DOSSIER_SUBMITTED, DossierSubmitted
from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from intake.dossiers import repository
from intake.dossiers.errors import DossierNotFound
from intake.dossiers.models import Dossier
from intake.dossiers.schemas import DossierCreate
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.http import decode_cursor, encode_cursor
from servicekit.outbox import Outbox


async def submit_online(
    session: AsyncSession, outbox: Outbox, *, applicant: Principal, data: DossierCreate
) -> Dossier:
    """File a dossier online: the row and its ``dossier.submitted`` event commit together."""
    now = utcnow()
    dossier = Dossier(
        procedure_code=data.procedure_code,
        procedure_version=data.procedure_version,
        agency_code=data.agency_code,
        applicant_subject=applicant.subject,
        applicant_kind=ApplicantKind.ORGANISATION
        if applicant.kind == "organisation"
        else ApplicantKind.CITIZEN,
        applicant_name=applicant.name or applicant.subject,
        channel=Channel.ONLINE,
        status=DossierStatus.SUBMITTED,
        form_data=data.form_data,
        created_at=now,
        submitted_at=now,
    )
    repository.add(session, dossier)
    await session.flush()
    await outbox.add(
        session,
        DOSSIER_SUBMITTED,
        DossierSubmitted(
            dossier_id=dossier.id,
            agency_code=dossier.agency_code,
            procedure_code=dossier.procedure_code,
            procedure_version=dossier.procedure_version,
            applicant_subject=dossier.applicant_subject,
            applicant_kind=ApplicantKind(dossier.applicant_kind),
            applicant_name=dossier.applicant_name,
            channel=Channel.ONLINE,
            submitted_at=now,
            occurred_at=now,
        ),
        key=str(dossier.id),
        subject=str(dossier.id),
    )
    return dossier


async def get_visible(session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal) -> Dossier:
    """The dossier if this principal may see it: its applicant, or an official of its agency."""
    dossier = await repository.get(session, dossier_id=dossier_id)
    if dossier is None or not _may_see(dossier, principal):
        # Same answer whether it does not exist or is someone else's: no probing of ids.
        raise DossierNotFound(dossier_id=str(dossier_id))
    return dossier


def _may_see(dossier: Dossier, principal: Principal) -> bool:
    if principal.is_applicant:
        return dossier.applicant_subject == principal.subject
    if principal.kind == "official":
        return principal.serves_agency(dossier.agency_code)
    return False


async def list_mine(
    session: AsyncSession, *, principal: Principal, limit: int, cursor: str | None
) -> tuple[list[Dossier], str | None]:
    after = None
    if cursor:
        created_at, dossier_id = decode_cursor(cursor, 2)
        after = (datetime.fromisoformat(created_at), uuid.UUID(dossier_id))
    rows = list(
        await repository.list_for_applicant(session, subject=principal.subject, limit=limit + 1, after=after)
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at.isoformat(), rows[-1].id])
    return rows, next_cursor
