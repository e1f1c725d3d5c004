"""The full sheet of a procedure version: content plus what a portal page shows next to it (agency
contact, field and sector names, e-form links), so one request renders the page (R-CAT-3).

The public page of a procedure (the version in force) is the catalogue's hottest read after search,
so it is one SQL statement, built once: version, agency, field, sector and the e-form list together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from catalog.agencies.models import Agency
from catalog.classification.models import Field, Sector
from catalog.eforms import repository as eforms
from catalog.eforms.models import EForm
from catalog.procedures import repository
from catalog.procedures.content import LEVEL_LABELS, ProcedureContent
from catalog.procedures.errors import ProcedureNotFound, ProcedureNotInForce
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.procedures.rules import effective_online_mode
from catalog.procedures.schemas import AgencyBrief, EFormBrief, FieldBrief, ProcedureVersionRead

P, V, A = Procedure.__table__.c, ProcedureVersion.__table__.c, Agency.__table__.c
F, S, EF = Field.__table__.c, Sector.__table__.c, EForm.__table__.c


@dataclass
class Facts:
    """What a sheet shows, however it was read."""

    procedure_id: UUID
    code: str
    number: int
    status: str
    content: dict[str, Any]
    valid_from: date | None
    valid_to: date | None
    change_note: str | None
    etag: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    agencies: dict[str, AgencyBrief] = field(default_factory=dict)
    field: FieldBrief | None = None
    forms: Sequence[Any] = ()


def build(facts: Facts, *, today: date) -> ProcedureVersionRead:
    """Pure: the sheet from its facts."""
    content = ProcedureContent.model_validate(facts.content)
    base = f"/v1/procedures/{facts.code}/versions/{facts.number}"
    mode = effective_online_mode(content)
    status = VersionStatus(facts.status)
    current = (
        status is not VersionStatus.DRAFT
        and facts.valid_from is not None
        and facts.valid_from <= today
        and (facts.valid_to is None or today <= facts.valid_to)
    )

    def agency(code: str) -> AgencyBrief:
        return facts.agencies.get(code) or AgencyBrief(code=code)

    return ProcedureVersionRead(
        procedure_id=facts.procedure_id,
        code=facts.code,
        version=facts.number,
        status=status,
        status_label=status.label,
        in_force=current,
        valid_from=facts.valid_from,
        valid_to=facts.valid_to,
        change_note=facts.change_note,
        level_label=LEVEL_LABELS.get(content.level) if content.level else None,
        online_mode=mode,
        online_mode_label=mode.label if mode else None,
        agency=agency(content.agency_code) if content.agency_code else None,
        coordinating_agencies=[agency(code) for code in content.coordinating_agency_codes],
        field=facts.field if content.field_code else None,
        content=content,
        eforms=[
            EFormBrief(
                code=f["code"],
                title=f["title"],
                component_code=f["component_code"],
                schema_url=f"{base}/eforms/{f['code']}/schema",
                template_url=f"{base}/eforms/{f['code']}/template",
            )
            for f in facts.forms
        ],
        statistics_url=f"/v1/statistics/procedures/{facts.code}",
        created_at=facts.created_at,
        updated_at=facts.updated_at,
        published_at=facts.published_at,
        etag=facts.etag,
    )


async def _agencies(session: AsyncSession, codes: Sequence[str]) -> dict[str, AgencyBrief]:
    if not codes:
        return {}
    rows = await session.execute(
        select(A.code, A.name, A.address, A.phone, A.feedback_email).where(A.code.in_(codes))
    )
    return {r.code: AgencyBrief(**r._asdict()) for r in rows}


async def _field(session: AsyncSession, code: str) -> FieldBrief:
    query = select(F.name, F.sector_code, S.name.label("sector_name")).join_from(
        Field.__table__, Sector.__table__, S.code == F.sector_code
    )
    row = (await session.execute(query.where(F.code == code))).first()
    return FieldBrief(code=code, **row._asdict()) if row else FieldBrief(code=code)


async def sheet(
    session: AsyncSession, *, procedure: Procedure, version: ProcedureVersion, today: date
) -> ProcedureVersionRead:
    """The sheet of any version already loaded (drafts and older versions included)."""
    content = version.content
    named = [c for c in (content.get("agency_code"), *content.get("coordinating_agency_codes", ())) if c]
    forms = await eforms.briefs(session, version_id=version.id)
    facts = Facts(
        procedure_id=procedure.id,
        code=procedure.code,
        number=version.number,
        status=version.status,
        content=content,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        change_note=version.change_note,
        etag=version.etag,
        created_at=version.created_at,
        updated_at=version.updated_at,
        published_at=version.published_at,
        agencies=await _agencies(session, named),
        field=await _field(session, content["field_code"]) if content.get("field_code") else None,
        forms=[f._asdict() for f in forms],
    )
    return build(facts, today=today)


_FORMS = (
    select(
        func.coalesce(
            func.json_agg(
                aggregate_order_by(
                    func.json_build_object(
                        "code", EF.code, "title", EF.title, "component_code", EF.component_code
                    ),
                    EF.code,
                )
            ),
            func.json_build_array(),
        )
    )
    .where(EF.version_id == V.id)
    .scalar_subquery()
)
_TODAY: BindParameter[date] = bindparam("today")
_IN_FORCE = (
    select(
        P.id.label("procedure_id"),
        P.code,
        V.number,
        V.status,
        V.content,
        V.valid_from,
        V.valid_to,
        V.change_note,
        V.etag,
        V.created_at,
        V.updated_at,
        V.published_at,
        A.name.label("agency_name"),
        A.address.label("agency_address"),
        A.phone.label("agency_phone"),
        A.feedback_email.label("agency_feedback_email"),
        F.name.label("field_name"),
        F.sector_code,
        S.name.label("sector_name"),
        _FORMS.label("forms"),
    )
    .select_from(
        Procedure.__table__.join(ProcedureVersion.__table__, V.procedure_id == P.id)
        .outerjoin(Agency.__table__, A.code == V.agency_code)
        .outerjoin(Field.__table__, F.code == V.field_code)
        .outerjoin(Sector.__table__, S.code == F.sector_code)
    )
    .where(
        P.code == bindparam("code"),
        V.status != VersionStatus.DRAFT.value,
        V.valid_from <= _TODAY,
        or_(V.valid_to.is_(None), V.valid_to >= _TODAY),
    )
    .limit(1)
)


async def in_force_sheet(session: AsyncSession, *, code: str, today: date) -> ProcedureVersionRead:
    """The public page of a procedure: the version in force today (404 if none, or no such code)."""
    row = (await session.execute(_IN_FORCE, {"code": code, "today": today})).first()
    if row is None:
        if await repository.get(session, code=code) is None:
            raise ProcedureNotFound(procedure_code=code)
        raise ProcedureNotInForce(procedure_code=code)
    agencies: dict[str, AgencyBrief] = {}
    agency_code = row.content.get("agency_code")
    if agency_code:
        agencies[agency_code] = AgencyBrief(
            code=agency_code,
            name=row.agency_name,
            address=row.agency_address,
            phone=row.agency_phone,
            feedback_email=row.agency_feedback_email,
        )
    others = [c for c in row.content.get("coordinating_agency_codes", ()) if c not in agencies]
    agencies |= await _agencies(session, others)
    field_code = row.content.get("field_code")
    facts = Facts(
        procedure_id=row.procedure_id,
        code=row.code,
        number=row.number,
        status=row.status,
        content=row.content,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        change_note=row.change_note,
        etag=row.etag,
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
        agencies=agencies,
        field=FieldBrief(
            code=field_code, name=row.field_name, sector_code=row.sector_code, sector_name=row.sector_name
        )
        if field_code
        else None,
        forms=row.forms,
    )
    return build(facts, today=today)
