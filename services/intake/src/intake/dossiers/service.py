"""Use cases on drafts and on reading dossiers; the rules live here, endpoints stay thin."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from intake.attachments import repository as attachments
from intake.catalog.models import ProcedureVersion
from intake.context import Intake
from intake.dossiers import forms as form_checks
from intake.dossiers import history, prefill, repository, rules
from intake.dossiers.errors import ApplicantNotAdmitted, DossierInvalid, DossierNotEditable, DossierNotFound
from intake.dossiers.models import Dossier
from intake.dossiers.schemas import DraftCreate, DraftUpdate
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.errors import FieldError
from servicekit.http import decode_cursor, encode_cursor
from servicekit.i18n import Text


def applicant_kind(principal: Principal) -> ApplicantKind:
    return ApplicantKind.ORGANISATION if principal.kind == "organisation" else ApplicantKind.CITIZEN


async def procedure_of(intake: Intake, dossier: Dossier) -> ProcedureVersion:
    """The version the dossier is filed under, whatever is in force today (R-CAT-5)."""
    return await intake.catalog.version(dossier.procedure_code, dossier.procedure_version)


async def _chosen_version(intake: Intake, data: DraftCreate) -> ProcedureVersion:
    if data.procedure_version is None:
        return await intake.catalog.in_force(data.procedure_code)
    procedure = await intake.catalog.version(data.procedure_code, data.procedure_version)
    in_force = await intake.catalog.in_force(data.procedure_code)
    if procedure.version != in_force.version:
        # New dossiers are filed under the version in force; older ones keep theirs (R-CAT-5).
        raise DossierInvalid(
            errors=[
                FieldError(
                    "procedure_version",
                    "procedure_version_not_in_force",
                    Text(
                        "Phiên bản đang có hiệu lực là {version}.", "The version in force is {version}."
                    ).render(version=in_force.version),
                )
            ]
        )
    return procedure


def _check_admitted(procedure: ProcedureVersion, kind: ApplicantKind, data: DraftCreate) -> None:
    errors: list[FieldError] = []
    if data.agency_code is not None and data.agency_code != procedure.agency_code:
        errors.append(
            FieldError(
                "agency_code",
                "agency_mismatch",
                Text(
                    "Thủ tục do cơ quan {agency} giải quyết.", "The procedure is decided by {agency}."
                ).render(agency=procedure.agency_code),
            )
        )
    if (
        data.result_channel is not None
        and procedure.result_channels
        and (data.result_channel not in procedure.result_channels)
    ):
        errors.append(
            FieldError(
                "result_channel",
                "result_channel_not_offered",
                Text(
                    "Thủ tục không trả kết quả theo cách này.",
                    "The procedure does not return results this way.",
                ).render(),
            )
        )
    if errors:
        raise DossierInvalid(errors=errors)
    if kind not in procedure.applicant_kinds or not procedure.accepts_online:
        raise ApplicantNotAdmitted(
            procedure_code=procedure.code,
            kind="tổ chức" if kind is ApplicantKind.ORGANISATION else "công dân",
        )


async def suggestions(
    session: AsyncSession,
    intake: Intake,
    procedure: ProcedureVersion,
    *,
    subject: str,
    bearer_token: str | None,
    principal: Principal,
) -> list[prefill.Suggestion]:
    """Values the administration already has for each field of the procedure's forms (R-CAT-4, R-INT-5)."""
    profile = await intake.identity.profile(bearer_token) if bearer_token else {}
    if not profile.get("full_name") and principal.name:
        profile = {**profile, "full_name": principal.name}
    agency = await intake.catalog.agency(procedure.agency_code)
    earlier = await repository.earlier_forms(session, subject=subject)
    offered: list[prefill.Suggestion] = []
    for form in procedure.forms:
        schema = await intake.catalog.form_schema(procedure.code, procedure.version, form.code)
        offered += prefill.suggestions(form.code, schema, profile=profile, agency=agency, earlier=earlier)
    return offered


def _normalised_forms(forms: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any]]:
    return {code: data for code, data in forms.items() if data is not None}


async def create_draft(
    session: AsyncSession,
    intake: Intake,
    *,
    applicant: Principal,
    bearer_token: str | None,
    data: DraftCreate,
) -> tuple[Dossier, list[FieldError]]:
    """Start a dossier for the procedure in force, pre-filled with what is already known."""
    procedure = await _chosen_version(intake, data)
    kind = applicant_kind(applicant)
    _check_admitted(procedure, kind, data)
    forms = _normalised_forms(data.forms)
    unknown = rules.unknown_forms(procedure, forms)
    if unknown:
        raise DossierInvalid(errors=unknown)
    if data.prefill:
        offered = await suggestions(
            session,
            intake,
            procedure,
            subject=applicant.subject,
            bearer_token=bearer_token,
            principal=applicant,
        )
        for form in procedure.forms:
            mine = [s for s in offered if s.form_code == form.code]
            if mine or form.code in forms:
                forms[form.code] = prefill.fill(forms.get(form.code), mine)
    now = utcnow()
    dossier = Dossier(
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        procedure_name=procedure.name,
        level=procedure.level,
        agency_code=procedure.agency_code,
        agency_name=procedure.agency.name,
        applicant_subject=applicant.subject,
        applicant_kind=kind.value,
        applicant_name=applicant.name or applicant.subject,
        applicant_details={},
        channel=Channel.ONLINE.value,
        status=DossierStatus.DRAFT.value,
        forms=forms,
        result_channel=data.result_channel.value if data.result_channel else None,
        created_by=applicant.subject,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
    )
    repository.add(session, dossier)
    await session.flush()
    history.record(
        session, dossier, "draft_created", history.Actor.of(applicant), to_status=DossierStatus.DRAFT.value
    )
    return dossier, await form_checks.form_errors(intake.catalog, procedure, forms)


def ensure_applicant_editable(dossier: Dossier) -> None:
    if not rules.applicant_may_edit(dossier.status):
        raise DossierNotEditable(status=DossierStatus(dossier.status).label)


async def update_draft(
    session: AsyncSession, intake: Intake, *, dossier: Dossier, principal: Principal, data: DraftUpdate
) -> list[FieldError]:
    """A partial save of forms (each form sent replaces the stored one) and the result channel."""
    ensure_applicant_editable(dossier)
    procedure = await procedure_of(intake, dossier)
    changed: list[str] = []
    if data.forms is not None:
        unknown = rules.unknown_forms(procedure, data.forms)
        if unknown:
            raise DossierInvalid(errors=unknown)
        forms = dict(dossier.forms or {})
        for code, form_data in data.forms.items():
            if form_data is None:
                forms.pop(code, None)
            else:
                forms[code] = form_data
        dossier.forms = forms
        changed += [f"forms.{code}" for code in data.forms]
    if data.result_channel is not None:
        if procedure.result_channels and data.result_channel not in procedure.result_channels:
            raise DossierInvalid(
                errors=[
                    FieldError(
                        "result_channel",
                        "result_channel_not_offered",
                        Text(
                            "Thủ tục không trả kết quả theo cách này.",
                            "The procedure does not return results this way.",
                        ).render(),
                    )
                ]
            )
        dossier.result_channel = data.result_channel.value
        changed.append("result_channel")
    dossier.updated_at = utcnow()
    history.record(session, dossier, "forms_saved", history.Actor.of(principal), details={"changed": changed})
    await session.flush()
    return await form_checks.form_errors(intake.catalog, procedure, dossier.forms)


async def delete_draft(session: AsyncSession, *, dossier: Dossier) -> None:
    if dossier.status != DossierStatus.DRAFT.value:
        raise DossierNotEditable(status=DossierStatus(dossier.status).label)
    await session.delete(dossier)
    await session.flush()


async def get_visible(
    session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal, for_update: bool = False
) -> Dossier:
    """The dossier if this principal may see it: its applicant, or an official of its agency."""
    dossier = await repository.get(session, dossier_id=dossier_id, for_update=for_update)
    if dossier is None or not may_see(dossier, principal):
        # Same answer whether it does not exist or is someone else's: no probing of ids.
        raise DossierNotFound(dossier_id=str(dossier_id))
    return dossier


async def get_own(
    session: AsyncSession, *, dossier_id: uuid.UUID, principal: Principal, for_update: bool = False
) -> Dossier:
    """The dossier if the principal is its applicant (officials act through the reception routes)."""
    dossier = await repository.get(session, dossier_id=dossier_id, for_update=for_update)
    if dossier is None or dossier.applicant_subject != principal.subject or not principal.is_applicant:
        raise DossierNotFound(dossier_id=str(dossier_id))
    return dossier


def may_see(dossier: Dossier, principal: Principal) -> bool:
    if principal.is_applicant:
        return dossier.applicant_subject == principal.subject
    if principal.kind == "official":
        # A draft is the applicant's own until it is filed.
        return dossier.status != DossierStatus.DRAFT.value and principal.serves_agency(dossier.agency_code)
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


async def attached_components(session: AsyncSession, *, dossier: Dossier) -> set[str]:
    """Components with at least one file attached now."""
    return await attachments.attached_components(session, dossier_id=dossier.id)
