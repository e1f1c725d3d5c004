"""The full sheet of a procedure version: content plus what a portal page shows next to it (agency
contact, field and sector names, e-form links), so one request renders the page (R-CAT-3)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies.models import Agency
from catalog.classification.models import Field, Sector
from catalog.eforms import repository as eforms
from catalog.procedures import repository
from catalog.procedures.content import LEVEL_LABELS
from catalog.procedures.errors import ProcedureNotInForce
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.procedures.rules import effective_online_mode
from catalog.procedures.schemas import AgencyBrief, EFormBrief, FieldBrief, ProcedureVersionRead
from catalog.procedures.service import content_of


async def in_force(session: AsyncSession, *, procedure: Procedure, today: date) -> ProcedureVersion:
    version = await repository.in_force(session, procedure_id=procedure.id, today=today)
    if version is None:
        raise ProcedureNotInForce(procedure_code=procedure.code)
    return version


async def _agencies(session: AsyncSession, codes: list[str]) -> dict[str, AgencyBrief]:
    rows = await session.execute(
        select(Agency.code, Agency.name, Agency.address, Agency.phone, Agency.feedback_email).where(
            Agency.code.in_(codes)
        )
    )
    found = {r.code: AgencyBrief(**r._asdict()) for r in rows}
    return {code: found.get(code) or AgencyBrief(code=code) for code in codes}


async def _field(session: AsyncSession, code: str) -> FieldBrief:
    row = (
        await session.execute(
            select(Field.name, Field.sector_code, Sector.name.label("sector_name"))
            .join(Sector, Sector.code == Field.sector_code)
            .where(Field.code == code)
        )
    ).first()
    return FieldBrief(code=code, **row._asdict()) if row else FieldBrief(code=code)


async def sheet(
    session: AsyncSession, *, procedure: Procedure, version: ProcedureVersion, today: date
) -> ProcedureVersionRead:
    content = content_of(version)
    base = f"/v1/procedures/{procedure.code}/versions/{version.number}"
    forms = await eforms.briefs(session, version_id=version.id)
    mode = effective_online_mode(content)
    named = [c for c in (content.agency_code, *content.coordinating_agency_codes) if c]
    agencies = await _agencies(session, named) if named else {}
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
        agency=agencies[content.agency_code] if content.agency_code else None,
        coordinating_agencies=[agencies[code] for code in content.coordinating_agency_codes],
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
