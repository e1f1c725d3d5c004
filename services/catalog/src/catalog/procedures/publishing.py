"""Publishing a draft: completeness (R-CAT-1/2/4), validity among published versions (R-CAT-5),
the search row, and ``procedure.published`` through the outbox — all in the request's transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.auth import ensure_may_edit
from catalog.classification import repository as classification
from catalog.eforms import repository as eforms
from catalog.procedures import repository
from catalog.procedures.errors import ProcedureIncomplete, ProcedureInvalid, ValidityConflict, field_error
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.procedures.rules import (
    InvalidPeriod,
    Period,
    ValidityOverlap,
    completeness_errors,
    plan_publication,
    requires_payment,
)
from catalog.procedures.service import content_of, ensure_draft, reference_errors
from catalog.search import repository as search
from catalog.search.indexing import entry_for
from contracts.events import PROCEDURE_PUBLISHED, ProcedurePublished
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError
from servicekit.outbox import Outbox


async def publish(
    session: AsyncSession,
    outbox: Outbox,
    *,
    principal: Principal,
    procedure: Procedure,
    version: ProcedureVersion,
    today: date,
) -> ProcedureVersion:
    """Publish ``version`` (the caller holds the procedure row locked, so publications are serial)."""
    ensure_draft(procedure, version)
    ensure_may_edit(principal, version.agency_code)
    content = content_of(version)
    form_codes = await eforms.codes(session, version_id=version.id)
    errors = [field_error(f, p, **params) for f, p, params in completeness_errors(content, form_codes)]
    errors += await reference_errors(session, procedure.code, content, publishing=True)
    if errors:
        raise ProcedureIncomplete(errors=errors)

    published = list(await repository.published(session, procedure_id=procedure.id))
    valid_from = version.valid_from or today
    try:
        plan = plan_publication(
            [Period(v.number, v.valid_from, v.valid_to) for v in published if v.valid_from is not None],
            Period(version.number, valid_from, version.valid_to),
        )
    except InvalidPeriod as exc:
        raise ProcedureInvalid(errors=[field_error("valid_to", "invalid_period")]) from exc
    except ValidityOverlap as exc:
        raise ValidityConflict(
            other=exc.version,
            errors=[FieldError("valid_from", "validity_overlap", f"Chồng lấn với phiên bản {exc.version}.")],
        ) from exc

    now = utcnow()
    by_number = {v.number: v for v in published}
    if plan.ended is not None:
        ended = by_number[plan.ended.version]
        ended.valid_to = plan.ended.valid_to
        await search.end_validity(session, version_id=ended.id, valid_to=plan.ended.valid_to)  # type: ignore[arg-type]
    for number in plan.superseded:
        older = by_number[number]
        if older.status == VersionStatus.PUBLISHED:
            older.status = VersionStatus.SUPERSEDED.value
            older.superseded_at = now
    # The older periods are cut before the new one is written: the exclusion constraint checks each row.
    await session.flush()

    version.status = VersionStatus.PUBLISHED.value
    version.valid_from = valid_from
    version.published_at = now
    version.published_by = principal.subject
    version.updated_at = now
    procedure.agency_code = version.agency_code
    await session.flush()

    assert content.field_code is not None and content.name and content.agency_code and content.level
    sectors = await classification.field_sectors(session, [content.field_code])
    search.add(
        session, entry_for(version, content, code=procedure.code, sector_code=sectors[content.field_code])
    )
    await session.flush()
    await outbox.add(
        session,
        PROCEDURE_PUBLISHED,
        ProcedurePublished(
            procedure_id=procedure.id,
            procedure_code=procedure.code,
            version=version.number,
            name=content.name,
            agency_code=content.agency_code,
            field_code=content.field_code,
            level=content.level,
            processing_days=content.processing_days or 0,
            requires_payment=requires_payment(content),
            occurred_at=now,
        ),
        key=str(procedure.id),
        subject=procedure.code,
    )
    return version
