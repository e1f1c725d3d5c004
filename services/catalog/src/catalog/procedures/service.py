"""Use cases on procedures: creation, drafts (edit, discard, new version), reads and fee quotes.

Publication is in ``publishing``. Versions other than drafts never change here: every edit path
starts with ``ensure_draft``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.agencies import repository as agencies
from catalog.auth import ensure_may_edit, may_see_drafts
from catalog.classification import repository as classification
from catalog.eforms import repository as eforms
from catalog.paging import after_values, cut
from catalog.procedures import fees, repository
from catalog.procedures.content import ProcedureContent
from catalog.procedures.errors import (
    DraftExists,
    FeeQuoteInvalid,
    ProcedureExists,
    ProcedureInvalid,
    ProcedureNotFound,
    VersionImmutable,
    VersionNotFound,
    field_error,
)
from catalog.procedures.models import Procedure, ProcedureVersion, VersionStatus
from catalog.procedures.schemas import DraftUpdate, FeeQuoteRequest, NewDraft, ProcedureCreate
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError


def content_of(version: ProcedureVersion) -> ProcedureContent:
    return ProcedureContent.model_validate(version.content)


def local_agency(code: str) -> str | None:
    """R-FMT-3: ``2.000815.000.00.00.H55`` is the national procedure 2.000815 as run by 000.00.00.H55."""
    parts = code.split(".", 2)
    return parts[2] if len(parts) == 3 else None


async def get(session: AsyncSession, *, code: str, for_update: bool = False) -> Procedure:
    procedure = await repository.get(session, code=code, for_update=for_update)
    if procedure is None:
        raise ProcedureNotFound(procedure_code=code)
    return procedure


async def get_version(
    session: AsyncSession,
    *,
    procedure: Procedure,
    number: int,
    principal: Principal | None,
    for_update: bool = False,
) -> ProcedureVersion:
    """A version as ``principal`` may see it: drafts only for their editors (others get 404)."""
    version = await repository.version(
        session, procedure_id=procedure.id, number=number, for_update=for_update
    )
    if version is None or (
        version.status == VersionStatus.DRAFT and not may_see_drafts(principal, [version.agency_code])
    ):
        raise VersionNotFound(procedure_code=procedure.code, version=number)
    return version


def ensure_draft(procedure: Procedure, version: ProcedureVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        status = VersionStatus(version.status)
        raise VersionImmutable(
            procedure_code=procedure.code,
            version=version.number,
            status=status.value,
            status_label=status.label.lower(),
        )


def ensure_editable(principal: Principal, procedure: Procedure, version: ProcedureVersion) -> None:
    """403 for someone else's procedure, then 409 for a version that is no longer a draft."""
    ensure_may_edit(principal, version.agency_code)
    ensure_draft(procedure, version)


async def reference_errors(
    session: AsyncSession, code: str, content: ProcedureContent, *, publishing: bool = False
) -> list[FieldError]:
    """Codes the content names that do not exist (or, when publishing, an inactive agency)."""
    errors: list[FieldError] = []
    named = [c for c in (content.agency_code, *content.coordinating_agency_codes) if c]
    found = {a.code: a for a in [await agencies.get(session, code=c) for c in set(named)] if a is not None}
    if content.agency_code:
        agency = found.get(content.agency_code)
        if agency is None:
            errors.append(field_error("content.agency_code", "unknown_agency", value=content.agency_code))
        elif publishing and not agency.active:
            errors.append(field_error("content.agency_code", "inactive_agency", value=content.agency_code))
    for i, other in enumerate(content.coordinating_agency_codes):
        if other not in found:
            errors.append(
                field_error(f"content.coordinating_agency_codes.{i}", "unknown_agency", value=other)
            )
    if content.field_code and not await classification.field_sectors(session, [content.field_code]):
        errors.append(field_error("content.field_code", "unknown_field", value=content.field_code))
    suffix = local_agency(code)
    if suffix is not None and content.agency_code and suffix != content.agency_code:
        errors.append(
            FieldError(
                "content.agency_code",
                "local_code_agency",
                f"Mã thủ tục địa phương {code} thuộc cơ quan {suffix}.",
            )
        )
    return errors


def _draft_basics(
    content: ProcedureContent, valid_from: date | None, valid_to: date | None
) -> list[FieldError]:
    errors = [
        FieldError(f"content.{name}", "missing", "Trường này là bắt buộc ngay cả với bản nháp.")
        for name in ("name", "agency_code")
        if getattr(content, name) is None
    ]
    if valid_from and valid_to and valid_to < valid_from:
        errors.append(field_error("valid_to", "invalid_period"))
    return errors


def _apply_content(version: ProcedureVersion, content: ProcedureContent) -> None:
    assert content.name is not None and content.agency_code is not None
    version.content = content.model_dump(mode="json")
    version.name = content.name
    version.agency_code = content.agency_code
    version.field_code = content.field_code
    version.level = content.level


async def create(
    session: AsyncSession, *, principal: Principal, data: ProcedureCreate
) -> tuple[Procedure, ProcedureVersion]:
    """A new procedure code with its first draft version."""
    errors = _draft_basics(data.content, data.valid_from, data.valid_to)
    if errors:
        raise ProcedureInvalid(errors=errors)
    assert data.content.agency_code is not None
    ensure_may_edit(principal, data.content.agency_code)
    errors = await reference_errors(session, data.code, data.content)
    if errors:
        raise ProcedureInvalid(errors=errors)
    if await repository.get(session, code=data.code) is not None:
        raise ProcedureExists(procedure_code=data.code)
    procedure = Procedure(code=data.code, agency_code=data.content.agency_code, created_by=principal.subject)
    repository.add(session, procedure)
    await session.flush()
    version = ProcedureVersion(
        procedure_id=procedure.id,
        number=1,
        status=VersionStatus.DRAFT.value,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        change_note=data.change_note,
        created_by=principal.subject,
    )
    _apply_content(version, data.content)
    repository.add(session, version)
    await session.flush()
    return procedure, version


async def update_draft(
    session: AsyncSession,
    *,
    principal: Principal,
    procedure: Procedure,
    version: ProcedureVersion,
    data: DraftUpdate,
) -> ProcedureVersion:
    ensure_draft(procedure, version)
    ensure_may_edit(principal, version.agency_code)
    content = content_of(version)
    if data.content is not None:
        patch: dict[str, Any] = {name: getattr(data.content, name) for name in data.content.model_fields_set}
        try:
            content = ProcedureContent.model_validate({**content.model_dump(), **patch})
        except ValueError as exc:
            raise ProcedureInvalid(errors=[FieldError("content", "value_error", str(exc))]) from exc
    sent = data.model_fields_set
    valid_from = data.valid_from if "valid_from" in sent else version.valid_from
    valid_to = data.valid_to if "valid_to" in sent else version.valid_to
    errors = _draft_basics(content, valid_from, valid_to)
    if errors:
        raise ProcedureInvalid(errors=errors)
    assert content.agency_code is not None
    if content.agency_code != version.agency_code:
        ensure_may_edit(principal, content.agency_code)
    errors = await reference_errors(session, procedure.code, content)
    if errors:
        raise ProcedureInvalid(errors=errors)
    _apply_content(version, content)
    version.valid_from, version.valid_to = valid_from, valid_to
    if "change_note" in sent:
        version.change_note = data.change_note
    version.updated_at = utcnow()
    await session.flush()
    return version


async def new_draft(
    session: AsyncSession, *, principal: Principal, procedure: Procedure, data: NewDraft
) -> ProcedureVersion:
    """Version n+1 as a draft copy of ``based_on`` (the latest by default), e-forms included."""
    ensure_may_edit(principal, procedure.agency_code)
    existing = await repository.draft(session, procedure_id=procedure.id)
    if existing is not None:
        raise DraftExists(procedure_code=procedure.code, version=existing.number)
    latest = await repository.latest_number(session, procedure_id=procedure.id)
    base = await get_version(
        session, procedure=procedure, number=data.based_on or latest, principal=principal
    )
    version = ProcedureVersion(
        procedure_id=procedure.id,
        number=latest + 1,
        status=VersionStatus.DRAFT.value,
        change_note=data.change_note,
        created_by=principal.subject,
    )
    _apply_content(version, content_of(base))
    repository.add(session, version)
    await session.flush()
    await eforms.copy(
        session, source_version_id=base.id, target_version_id=version.id, author=principal.subject
    )
    await session.flush()
    return version


async def discard_draft(
    session: AsyncSession, *, principal: Principal, procedure: Procedure, version: ProcedureVersion
) -> None:
    """Delete a draft (with its e-forms); a procedure that never had another version goes with it."""
    ensure_draft(procedure, version)
    ensure_may_edit(principal, version.agency_code)
    await session.delete(version)
    await session.flush()
    if await repository.latest_number(session, procedure_id=procedure.id) == 0:
        await session.delete(procedure)
        await session.flush()


async def list_versions(
    session: AsyncSession,
    *,
    procedure: Procedure,
    principal: Principal | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ProcedureVersion], str | None]:
    after = after_values(cursor, 1)
    rows = await repository.versions(
        session,
        procedure_id=procedure.id,
        drafts=may_see_drafts(principal, [procedure.agency_code]),
        before=int(after[0]) if after else None,
        limit=limit + 1,
    )
    return cut(rows, limit, lambda v: [v.number])


def quote_fees(version: ProcedureVersion, request: FeeQuoteRequest) -> list[fees.FeeLine]:
    try:
        return fees.quote(
            content_of(version).fees or [],
            channel=request.channel,
            quantities=request.quantities,
            exemptions=set(request.exemptions),
        )
    except fees.UnknownFee as exc:
        raise FeeQuoteInvalid(
            errors=[field_error(f"quantities.{exc.code}", "unknown_fee", value=exc.code)]
        ) from exc
