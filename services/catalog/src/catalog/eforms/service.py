"""Use cases on e-forms: define them on drafts, serve the schema intake validates against, validate
entered data, and generate the printable form (levels 2+)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies.models import Agency
from catalog.agencies.rules import AdministrativeLevel
from catalog.eforms import repository, rules, template
from catalog.eforms.errors import EFormInvalid, EFormNotFound, field_error
from catalog.eforms.models import EForm
from catalog.eforms.schemas import EFormRead, EFormWrite, Prefill
from catalog.paging import after_values, cut
from catalog.procedures.models import Procedure, ProcedureVersion
from catalog.procedures.service import content_of, ensure_editable
from contracts.lifecycle import Channel
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError

_CHANNEL_LABELS = {Channel.DESK: "Trực tiếp", Channel.ONLINE: "Trực tuyến", Channel.POSTAL: "Qua bưu chính"}


def base_url(procedure: Procedure, version: ProcedureVersion) -> str:
    return f"/v1/procedures/{procedure.code}/versions/{version.number}/eforms"


def read(procedure: Procedure, version: ProcedureVersion, form: EForm) -> EFormRead:
    url = f"{base_url(procedure, version)}/{form.code}"
    return EFormRead(
        code=form.code,
        procedure_code=procedure.code,
        version=version.number,
        title=form.title,
        component_code=form.component_code,
        json_schema=form.json_schema,
        guidance=form.guidance,
        prefill={k: Prefill.model_validate(v) for k, v in form.prefill.items()},
        enum_sources=form.enum_sources,
        schema_url=f"{url}/schema",
        template_url=f"{url}/template",
        etag=form.etag,
        updated_at=form.updated_at,
    )


async def get(
    session: AsyncSession,
    *,
    procedure: Procedure,
    version: ProcedureVersion,
    code: str,
    for_update: bool = False,
) -> EForm:
    form = await repository.get(session, version_id=version.id, code=code, for_update=for_update)
    if form is None:
        raise EFormNotFound(procedure_code=procedure.code, version=version.number, form_code=code)
    return form


async def list_forms(
    session: AsyncSession, *, version: ProcedureVersion, limit: int, cursor: str | None
) -> tuple[list[EForm], str | None]:
    after = after_values(cursor, 1)
    rows = await repository.for_version(
        session, version_id=version.id, after_code=after[0] if after else None, limit=limit + 1
    )
    return cut(rows, limit, lambda f: [f.code])


def _problems(version: ProcedureVersion, data: EFormWrite) -> list[FieldError]:
    problems = rules.schema_problems(data.json_schema)
    if not problems:
        problems = rules.definition_problems(
            data.json_schema,
            guidance=data.guidance,
            prefill={k: v.model_dump(mode="json") for k, v in data.prefill.items()},
            enum_sources=data.enum_sources,
        )
    errors = [field_error(f, p, **params) for f, p, params in problems]
    components = {c.code for c in content_of(version).components or ()}
    if data.component_code is not None and data.component_code not in components:
        errors.append(field_error("component_code", "unknown_component", value=data.component_code))
    return errors


async def put(
    session: AsyncSession,
    *,
    principal: Principal,
    procedure: Procedure,
    version: ProcedureVersion,
    form: EForm | None,
    code: str,
    data: EFormWrite,
) -> EForm:
    """Create or replace a form of a draft version; a malformed schema is refused with 422."""
    ensure_editable(principal, procedure, version)
    errors = _problems(version, data)
    if errors:
        raise EFormInvalid(errors=errors)
    if form is None:
        form = EForm(version_id=version.id, code=code)
        session.add(form)
    form.title = data.title
    form.component_code = data.component_code
    form.json_schema = data.json_schema
    form.guidance = dict(data.guidance)
    form.prefill = {k: v.model_dump(mode="json") for k, v in data.prefill.items()}
    form.enum_sources = dict(data.enum_sources)
    form.updated_by = principal.subject
    form.updated_at = utcnow()
    await session.flush()
    return form


async def delete(
    session: AsyncSession,
    *,
    principal: Principal,
    procedure: Procedure,
    version: ProcedureVersion,
    form: EForm,
) -> None:
    ensure_editable(principal, procedure, version)
    await session.delete(form)
    await session.flush()


async def _choices(session: AsyncSession, source: str) -> list[dict[str, str]]:
    if source == "administrative_levels":
        return [{"const": lvl.value, "title": lvl.label} for lvl in AdministrativeLevel]
    if source == "channels":
        return [{"const": ch.value, "title": _CHANNEL_LABELS[ch]} for ch in Channel]
    query = select(Agency.code, Agency.name).where(Agency.active.is_(True)).order_by(Agency.code).limit(5000)
    if source == "provinces":
        query = query.where(
            Agency.administrative_level == AdministrativeLevel.PROVINCE.value, Agency.parent_code.is_(None)
        )
    return [{"const": code, "title": name} for code, name in (await session.execute(query)).all()]


def _at(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    node: Any = schema
    for part in path.split("."):
        props = node.get("properties") if isinstance(node, dict) else None
        if props is None and isinstance(node, dict) and isinstance(node.get("items"), dict):
            props = node["items"].get("properties")
        if not isinstance(props, dict) or not isinstance(props.get(part), dict):
            return None
        node = props[part]
    return node if isinstance(node, dict) else None


async def resolved_schema(
    session: AsyncSession, *, procedure: Procedure, version: ProcedureVersion, form: EForm
) -> dict[str, Any]:
    """The schema intake validates against and a frontend renders (R-CAT-4): catalogue lists inlined
    as ``oneOf`` of ``const``/``title``, and each field's guidance and prefill source as the annotations
    ``x-guidance`` and ``x-prefill`` (2020-12 ignores unknown keywords when validating)."""
    schema: dict[str, Any] = copy.deepcopy(form.json_schema)
    schema.setdefault("$schema", rules.DIALECT)
    schema["$id"] = f"urn:motcua:eform:{procedure.code}:{version.number}:{form.code}"
    schema.setdefault("title", form.title)
    for path, source in form.enum_sources.items():
        node = _at(schema, path)
        if node is not None:
            node["oneOf"] = await _choices(session, source)
    for keyword, by_path in (("x-guidance", form.guidance), ("x-prefill", form.prefill)):
        for path, value in by_path.items():
            node = _at(schema, path)
            if node is not None:
                node[keyword] = value
    return schema


async def validate(
    session: AsyncSession,
    *,
    procedure: Procedure,
    version: ProcedureVersion,
    form: EForm,
    data: Mapping[str, Any],
) -> list[FieldError]:
    schema = await resolved_schema(session, procedure=procedure, version=version, form=form)
    return rules.validate(schema, data)


async def printable(
    session: AsyncSession, *, procedure: Procedure, version: ProcedureVersion, form: EForm, as_html: bool
) -> str:
    content = content_of(version)
    agency_name = None
    if content.agency_code:
        agency = (await session.scalars(select(Agency).where(Agency.code == content.agency_code))).first()
        agency_name = agency.name if agency else None
    heading = template.FormHeading(
        title=form.title,
        procedure_name=content.name or "",
        procedure_code=procedure.code,
        version=version.number,
        agency_name=agency_name,
    )
    schema = await resolved_schema(session, procedure=procedure, version=version, form=form)
    body = template.lines(schema, form.guidance)
    return template.render_html(heading, body) if as_html else template.render_text(heading, body)
