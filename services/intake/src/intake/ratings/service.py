"""Rating a dossier (R-FB-5): only its applicant, only after a result, one rating per dossier that may
change for a limited time; every saved change emits ``rating.submitted`` in the same transaction, so
the catalogue's statistics follow edits (the highest revision counts)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import RATING_CRITERIA, RATING_SUBMITTED, RatingSubmitted, SatisfactionLevel
from contracts.lifecycle import DossierStatus
from intake.dossiers.models import Dossier
from intake.ratings import rules
from intake.ratings.errors import RatedDossierNotFound, RatingEditClosed, RatingNotFound, RatingNotOpen
from intake.ratings.models import DossierRating
from intake.ratings.schemas import RatingWrite
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ
from servicekit.db import uuid7
from servicekit.errors import Forbidden, PreconditionFailed
from servicekit.http import decode_cursor, encode_cursor
from servicekit.outbox import Outbox


async def _own_dossier(session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal) -> Dossier:
    dossier = await session.get(Dossier, dossier_id)
    if dossier is None or not principal.is_applicant or dossier.applicant_subject != principal.subject:
        raise RatedDossierNotFound(dossier_id=str(dossier_id))
    return dossier


async def _locked(session: AsyncSession, dossier_id: uuid.UUID) -> DossierRating | None:
    query = select(DossierRating).where(DossierRating.dossier_id == dossier_id).with_for_update()
    return await session.scalar(query.execution_options(populate_existing=True))


def _levels(data: RatingWrite) -> dict[str, str]:
    return {criterion: getattr(data, criterion).value for criterion in RATING_CRITERIA}


async def rate(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    dossier_id: uuid.UUID,
    data: RatingWrite,
    now: datetime,
    edit_days: int,
    expected_revision: int | None = None,
) -> tuple[DossierRating, bool]:
    """Give or change the rating; returns it and whether it was created. An unchanged rating is not a
    new revision (nothing is emitted)."""
    dossier = await _own_dossier(session, dossier_id=dossier_id, principal=principal)
    if not rules.may_rate(dossier.status) or not dossier.code:
        status = DossierStatus(dossier.status)
        raise RatingNotOpen(status=status.value, status_label=status.label)
    rating = await _locked(session, dossier_id)
    created = False
    if rating is None:
        # Two first ratings at once: one row wins, the other request becomes a change of it.
        inserted = await session.scalar(
            pg_insert(DossierRating)
            .values(
                id=uuid7(),
                dossier_id=dossier.id,
                dossier_code=dossier.code,
                agency_code=dossier.agency_code,
                procedure_code=dossier.procedure_code,
                applicant_subject=dossier.applicant_subject,
                comment=data.comment,
                revision=1,
                first_submitted_at=now,
                updated_at=now,
                editable_until=rules.editable_until(now, edit_days=edit_days),
                **_levels(data),
            )
            .on_conflict_do_nothing(index_elements=[DossierRating.dossier_id])
            .returning(DossierRating.id)
        )
        created = inserted is not None
        rating = await _locked(session, dossier_id)
        assert rating is not None
    if not created:
        if expected_revision is not None and expected_revision != rating.revision:
            raise PreconditionFailed()
        if not rules.may_edit(rating.editable_until, now):
            until = rating.editable_until.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
            raise RatingEditClosed(days=edit_days, until=until)
        if (
            _levels(data) == {c: getattr(rating, c) for c in RATING_CRITERIA}
            and data.comment == rating.comment
        ):
            return rating, False
        for criterion, level in _levels(data).items():
            setattr(rating, criterion, level)
        rating.comment = data.comment
        rating.revision += 1
        rating.updated_at = now
        await session.flush()
    await outbox.add(
        session,
        RATING_SUBMITTED,
        RatingSubmitted(
            dossier_id=rating.dossier_id,
            dossier_code=rating.dossier_code,
            agency_code=rating.agency_code,
            procedure_code=rating.procedure_code,
            applicant_subject=rating.applicant_subject,
            occurred_at=now,
            rating_id=rating.id,
            revision=rating.revision,
            overall=SatisfactionLevel(rating.overall),
            ease_of_use=SatisfactionLevel(rating.ease_of_use),
            timeliness=SatisfactionLevel(rating.timeliness),
            officer_attitude=SatisfactionLevel(rating.officer_attitude),
            first_submitted_at=rating.first_submitted_at,
        ),
        key=str(rating.dossier_id),
        subject=rating.dossier_code,
    )
    return rating, created


def _may_read(principal: Principal, dossier: Dossier) -> bool:
    """The dossier's applicant, or an official of its agency."""
    if principal.is_applicant:
        return dossier.applicant_subject == principal.subject
    return principal.kind == "official" and principal.serves_agency(dossier.agency_code)


async def get_visible(session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal) -> DossierRating:
    """The dossier's rating for its applicant or an official of its agency (404 for anyone else)."""
    dossier = await session.get(Dossier, dossier_id)
    if dossier is None or not _may_read(principal, dossier):
        raise RatedDossierNotFound(dossier_id=str(dossier_id))
    rating = await session.scalar(select(DossierRating).where(DossierRating.dossier_id == dossier_id))
    if rating is None:
        raise RatingNotFound(dossier_id=str(dossier_id))
    return rating


async def list_visible(
    session: AsyncSession, *, principal: Principal, agency_code: str | None, limit: int, cursor: str | None
) -> tuple[Sequence[DossierRating], str | None]:
    """The applicant's own ratings, or those of the dossiers of an official's agencies; newest first."""
    query = select(DossierRating)
    if principal.is_applicant:
        query = query.where(DossierRating.applicant_subject == principal.subject)
    elif principal.kind == "official":
        agencies = set(principal.agencies) & ({agency_code} if agency_code else set(principal.agencies))
        query = query.where(DossierRating.agency_code.in_(sorted(agencies)))
    else:
        raise Forbidden()
    if cursor:
        updated_at, rating_id = decode_cursor(cursor, 2)
        after = (datetime.fromisoformat(updated_at), uuid.UUID(rating_id))
        query = query.where(tuple_(DossierRating.updated_at, DossierRating.id) < tuple_(*after))
    rows = list(
        (
            await session.scalars(
                query.order_by(DossierRating.updated_at.desc(), DossierRating.id.desc()).limit(limit + 1)
            )
        ).all()
    )
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor([rows[-1].updated_at.isoformat(), rows[-1].id])
