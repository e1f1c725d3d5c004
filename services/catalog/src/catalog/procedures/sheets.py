"""The full sheet of a procedure version: content plus what a portal page shows next to it (agency
contact, field and sector names, e-form links), so one request renders the page (R-CAT-3)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository as agencies
from catalog.classification import repository as classification
from catalog.eforms import repository as eforms
from catalog.procedures import repository
from catalog.procedures.content import LEVEL_LABELS
from catalog.procedures.errors import ProcedureNotInForce
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.procedures.rules import Period, effective_online_mode, version_in_force
from catalog.procedures.schemas import AgencyBrief, EFormBrief, FieldBrief, ProcedureVersionRead
from catalog.procedures.service import content_of


async def in_force(session: AsyncSession, *, procedure: Procedure, today: date) -> ProcedureVersion:
    published = await repository.published(session, procedure_id=procedure.id)
    periods = [Period(v.number, v.valid_from, v.valid_to) for v in published if v.valid_from is not None]
    number = version_in_force(periods, today)
    if number is None:
        raise ProcedureNotInForce(procedure_code=procedure.code)
    return next(v for v in published if v.number == number)


async def _agency(session: AsyncSession, code: str) -> AgencyBrief:
    agency = await agencies.get(session, code=code)
    if agency is None:
        return AgencyBrief(code=code)
    return AgencyBrief(
        code=code,
        name=agency.name,
        address=agency.address,
        phone=agency.phone,
        feedback_email=agency.feedback_email,
    )


async def _field(session: AsyncSession, code: str) -> FieldBrief:
    field = await classification.get_field(session, code=code)
    if field is None:
        return FieldBrief(code=code)
    sector = await classification.get_sector(session, code=field.sector_code)
    return FieldBrief(
        code=code, name=field.name, sector_code=field.sector_code, sector_name=sector.name if sector else None
    )


async def sheet(
    session: AsyncSession, *, procedure: Procedure, version: ProcedureVersion, today: date
) -> ProcedureVersionRead:
    content = content_of(version)
    base = f"/v1/procedures/{procedure.code}/versions/{version.number}"
    forms = await eforms.for_version(session, version_id=version.id)
    mode = effective_online_mode(content)
    status = VersionStatus(version.status)
    current = (
        status is not VersionStatus.DRAFT
        and version.valid_from is not None
        and version.valid_from <= today
        and (version.valid_to is None or today <= version.valid_to)
    )
    return ProcedureVersionRead(
        procedure_id=procedure.id,
        code=procedure.code,
        version=version.number,
        status=status,
        status_label=status.label,
        in_force=current,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        change_note=version.change_note,
        level_label=LEVEL_LABELS.get(content.level) if content.level else None,
        online_mode=mode,
        online_mode_label=mode.label if mode else None,
        agency=await _agency(session, content.agency_code) if content.agency_code else None,
        coordinating_agencies=[await _agency(session, code) for code in content.coordinating_agency_codes],
        field=await _field(session, content.field_code) if content.field_code else None,
        content=content,
        eforms=[
            EFormBrief(
                code=f.code,
                title=f.title,
                component_code=f.component_code,
                schema_url=f"{base}/eforms/{f.code}/schema",
                template_url=f"{base}/eforms/{f.code}/template",
            )
            for f in forms
        ],
        statistics_url=f"/v1/statistics/procedures/{procedure.code}",
        created_at=version.created_at,
        updated_at=version.updated_at,
        published_at=version.published_at,
        etag=version.etag,
    )
