"""Use cases of process definitions: drafts, activation (one in force per procedure version), retirement,
and finding the definition a received dossier follows."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.http import decode_cursor, encode_cursor
from workflow.definitions import rules
from workflow.definitions.content import DefinitionContent
from workflow.definitions.errors import (
    DefinitionInvalid,
    DefinitionNotActive,
    DefinitionNotDraft,
    DefinitionNotFound,
    NotDefinitionAdmin,
)
from workflow.definitions.models import ACTIVE, DRAFT, RETIRED, ProcessDefinition
from workflow.definitions.schemas import DefinitionCreate
from workflow.directory import service as directory
from workflow.roles import AGENCY_ADMIN, SYSTEM_ADMIN


def may_manage(principal: Principal, agency_code: str) -> bool:
    if principal.has_role(SYSTEM_ADMIN):
        return True
    return principal.has_role(AGENCY_ADMIN) and principal.serves_agency(agency_code)


def may_read(principal: Principal, agency_code: str) -> bool:
    return principal.has_role(SYSTEM_ADMIN) or principal.serves_agency(agency_code)


async def check(
    session: AsyncSession,
    content: DefinitionContent,
    *,
    agency_code: str,
    procedure_code: str,
    procedure_version: int,
) -> None:
    """Refuse (422 with ``errors[]``) a definition that breaks the rules of ``definitions.rules``."""
    limit = await directory.procedure_limit(session, procedure_code, procedure_version)
    codes = rules.referenced_agencies(content) | {agency_code}
    known: dict[str, rules.KnownAgency] = {}
    # Units and their ancestors: the chain tells whether a unit belongs to a stage's agency.
    pending = set(codes)
    while pending:
        found = await directory.agencies(session, sorted(pending))
        pending = set()
        for code, agency in found.items():
            known[code] = rules.KnownAgency(code, agency.parent_code, agency.administrative_level)
            if agency.parent_code and agency.parent_code not in known and agency.parent_code not in found:
                pending.add(agency.parent_code)
    errors = rules.problems(
        content,
        receiving_agency=agency_code,
        published_limit=limit.processing_days if limit else None,
        agencies=known,
    )
    if errors:
        raise DefinitionInvalid(errors=errors)


def _content(content: DefinitionContent) -> dict[str, Any]:
    return content.model_dump(mode="json", include={"stages"})


async def create(session: AsyncSession, *, principal: Principal, data: DefinitionCreate) -> ProcessDefinition:
    if not may_manage(principal, data.agency_code):
        raise NotDefinitionAdmin(agency_code=data.agency_code)
    await check(
        session,
        data,
        agency_code=data.agency_code,
        procedure_code=data.procedure_code,
        procedure_version=data.procedure_version,
    )
    latest = await session.scalar(
        select(func.max(ProcessDefinition.revision)).where(
            ProcessDefinition.agency_code == data.agency_code,
            ProcessDefinition.procedure_code == data.procedure_code,
            ProcessDefinition.procedure_version == data.procedure_version,
        )
    )
    now = utcnow()
    definition = ProcessDefinition(
        agency_code=data.agency_code,
        procedure_code=data.procedure_code,
        procedure_version=data.procedure_version,
        revision=(latest or 0) + 1,
        status=DRAFT,
        name=data.name,
        route=data.route.value,
        legal_limit_days=data.legal_limit_days,
        content=_content(data),
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    session.add(definition)
    await session.flush()
    return definition


async def get(
    session: AsyncSession, *, definition_id: uuid.UUID, principal: Principal, for_update: bool = False
) -> ProcessDefinition:
    definition = await session.get(ProcessDefinition, definition_id, with_for_update=for_update)
    if definition is None or not may_read(principal, definition.agency_code):
        raise DefinitionNotFound()
    return definition


def _ensure_manager(principal: Principal, definition: ProcessDefinition) -> None:
    if not may_manage(principal, definition.agency_code):
        raise NotDefinitionAdmin(agency_code=definition.agency_code)


async def update(
    session: AsyncSession, *, principal: Principal, definition: ProcessDefinition, data: DefinitionContent
) -> ProcessDefinition:
    _ensure_manager(principal, definition)
    if definition.status != DRAFT:
        raise DefinitionNotDraft(status=definition.status)
    await check(
        session,
        data,
        agency_code=definition.agency_code,
        procedure_code=definition.procedure_code,
        procedure_version=definition.procedure_version,
    )
    definition.name = data.name
    definition.route = data.route.value
    definition.legal_limit_days = data.legal_limit_days
    definition.content = _content(data)
    definition.updated_at = utcnow()
    await session.flush()
    return definition


async def activate(
    session: AsyncSession, *, principal: Principal, definition: ProcessDefinition
) -> ProcessDefinition:
    """Put a draft in force; the revision in force until now is retired in the same transaction.

    Instances already started keep the revision they started with (R-CAT-5 for processes)."""
    _ensure_manager(principal, definition)
    if definition.status != DRAFT:
        raise DefinitionNotDraft(status=definition.status)
    await check(
        session,
        content_of(definition),
        agency_code=definition.agency_code,
        procedure_code=definition.procedure_code,
        procedure_version=definition.procedure_version,
    )
    now = utcnow()
    current = await session.scalar(
        select(ProcessDefinition)
        .where(
            ProcessDefinition.agency_code == definition.agency_code,
            ProcessDefinition.procedure_code == definition.procedure_code,
            ProcessDefinition.procedure_version == definition.procedure_version,
            ProcessDefinition.status == ACTIVE,
        )
        .with_for_update()
    )
    if current is not None:
        current.status = RETIRED
        current.retired_at = now
        current.updated_at = now
        await session.flush()
    definition.status = ACTIVE
    definition.activated_at = now
    definition.activated_by = principal.subject
    definition.updated_at = now
    await session.flush()
    return definition


async def retire(
    session: AsyncSession, *, principal: Principal, definition: ProcessDefinition
) -> ProcessDefinition:
    _ensure_manager(principal, definition)
    if definition.status != ACTIVE:
        raise DefinitionNotActive()
    now = utcnow()
    definition.status = RETIRED
    definition.retired_at = now
    definition.updated_at = now
    await session.flush()
    return definition


async def list_definitions(
    session: AsyncSession,
    *,
    principal: Principal,
    agency_code: str | None,
    procedure_code: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ProcessDefinition], str | None]:
    query = select(ProcessDefinition)
    if not principal.has_role(SYSTEM_ADMIN):
        query = query.where(ProcessDefinition.agency_code.in_(sorted(principal.agencies)))
    if agency_code:
        query = query.where(ProcessDefinition.agency_code == agency_code)
    if procedure_code:
        query = query.where(ProcessDefinition.procedure_code == procedure_code)
    if status:
        query = query.where(ProcessDefinition.status == status)
    if cursor:
        (after,) = decode_cursor(cursor, 1)
        query = query.where(ProcessDefinition.id < uuid.UUID(after))
    rows = list((await session.scalars(query.order_by(ProcessDefinition.id.desc()).limit(limit + 1))).all())
    next_cursor = encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None
    return rows[:limit], next_cursor


def content_of(definition: ProcessDefinition) -> DefinitionContent:
    return DefinitionContent.model_validate(
        {
            "name": definition.name,
            "route": definition.route,
            "legal_limit_days": definition.legal_limit_days,
            "stages": definition.content["stages"],
        }
    )


async def in_force_for(
    session: AsyncSession, *, agency_code: str, procedure_code: str, procedure_version: int
) -> ProcessDefinition | None:
    """The active definition for the procedure at the receiving agency: the one written for the latest
    procedure version up to the dossier's (a definition carries over to later versions until replaced)."""
    return await session.scalar(
        select(ProcessDefinition)
        .where(
            ProcessDefinition.agency_code == agency_code,
            ProcessDefinition.procedure_code == procedure_code,
            ProcessDefinition.procedure_version <= procedure_version,
            ProcessDefinition.status == ACTIVE,
        )
        .order_by(ProcessDefinition.procedure_version.desc())
        .limit(1)
    )
