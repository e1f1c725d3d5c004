"""Use cases of the one-stop desk: register paper dossiers, and decide on filed ones — receive with a code
and an appointment date, ask for a supplement listing everything at once, or refuse with reasons
(R-INT-1…4). Each decision, its letter job and its event commit together."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus, ensure_transition
from intake.attachments.errors import UnknownComponent
from intake.context import Intake
from intake.dossiers import events, history, repository, rules
from intake.dossiers import forms as form_checks
from intake.dossiers.errors import DossierInvalid, DossierNotFound
from intake.dossiers.models import Dossier
from intake.dossiers.service import attached_components, procedure_of
from intake.reception import codes, letters
from intake.reception import rules as desk_rules
from intake.reception.errors import NotAtThisDesk, NotAwaitingDecision, PostalAddressMissing
from intake.reception.models import SupplementRequest
from intake.reception.schemas import CounterIntake, CounterUpdate, SupplementItemIn
from intake.submission.errors import DossierIncomplete
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ
from servicekit.db import utcnow
from servicekit.errors import FieldError, Forbidden
from servicekit.http import decode_cursor, encode_cursor
from servicekit.i18n import Text
from servicekit.outbox import Outbox

RECEPTION_ROLE = "reception_officer"


async def load(
    session: AsyncSession, *, dossier_id: uuid.UUID, officer: Principal, for_update: bool = False
) -> Dossier:
    """A filed dossier of one of the officer's agencies (404 for others: no probing), at their desk."""
    dossier = await repository.get(session, dossier_id=dossier_id, for_update=for_update)
    if (
        dossier is None
        or dossier.status == DossierStatus.DRAFT.value
        or officer.kind != "official"
        or not officer.serves_agency(dossier.agency_code)
    ):
        raise DossierNotFound(dossier_id=str(dossier_id))
    if not officer.has_role(RECEPTION_ROLE):
        raise Forbidden()
    return dossier


def _awaiting(dossier: Dossier) -> None:
    if dossier.status != DossierStatus.SUBMITTED.value:
        raise NotAwaitingDecision(status=DossierStatus(dossier.status).label)


async def counter_intake(
    session: AsyncSession, outbox: Outbox, intake: Intake, *, officer: Principal, data: CounterIntake
) -> Dossier:
    """A paper dossier brought to the counter or received by post (R-INT-1), filed by the officer."""
    procedure = await intake.catalog.in_force(data.procedure_code)
    if not officer.serves_agency(procedure.agency_code):
        raise NotAtThisDesk(agency=procedure.agency_code)
    channel = Channel(data.channel)
    problems: list[FieldError] = []
    if procedure.submission_channels and channel not in procedure.submission_channels:
        problems.append(
            FieldError(
                "channel",
                "channel_not_offered",
                Text(
                    "Thủ tục không nhận hồ sơ theo cách này.", "The procedure takes no dossiers this way."
                ).render(),
            )
        )
    if data.applicant.kind not in procedure.applicant_kinds:
        problems.append(
            FieldError(
                "applicant.kind",
                "applicant_not_admitted",
                Text(
                    "Thủ tục không dành cho đối tượng này.", "The procedure is not for this applicant."
                ).render(),
            )
        )
    forms = {code: value for code, value in data.forms.items() if value is not None}
    problems += rules.unknown_forms(procedure, forms)
    if problems:
        raise DossierInvalid(errors=problems)
    person = data.applicant
    identifier = person.personal_id or person.tax_code
    now = utcnow()
    dossier = Dossier(
        procedure_code=procedure.code,
        procedure_version=procedure.version,
        procedure_name=procedure.name,
        level=procedure.level,
        agency_code=procedure.agency_code,
        agency_name=procedure.agency.name,
        # A walk-in without a portal account is followed by the code on the receipt and SMS lookup.
        applicant_subject=person.account_subject or f"walk-in:{identifier}",
        applicant_kind=ApplicantKind(person.kind).value,
        applicant_name=person.name,
        applicant_details={
            k: v
            for k, v in {
                "personal_id": person.personal_id,
                "tax_code": person.tax_code,
                "phone": person.phone,
                "email": person.email,
                "address": person.address,
            }.items()
            if v
        },
        channel=channel.value,
        status=DossierStatus.SUBMITTED.value,
        forms=forms,
        result_channel=data.result_channel.value if data.result_channel else None,
        created_by=officer.subject,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        submitted_at=now,
        submission_method=channel.value,
    )
    repository.add(session, dossier)
    await session.flush()
    history.record(
        session,
        dossier,
        "registered_at_desk" if channel is Channel.DESK else "registered_from_post",
        history.Actor.of(officer),
        to_status=DossierStatus.SUBMITTED.value,
    )
    await events.submitted(session, outbox, dossier, now)
    return dossier


async def update_counter(
    session: AsyncSession, intake: Intake, *, dossier: Dossier, officer: Principal, data: CounterUpdate
) -> list[FieldError]:
    """The officer corrects what they typed from a paper form, before deciding."""
    _awaiting(dossier)
    if dossier.channel not in (Channel.DESK.value, Channel.POSTAL.value):
        raise NotAwaitingDecision(status=DossierStatus(dossier.status).label)
    procedure = await procedure_of(intake, dossier)
    if data.forms is not None:
        unknown = rules.unknown_forms(procedure, data.forms)
        if unknown:
            raise DossierInvalid(errors=unknown)
        forms = dict(dossier.forms or {})
        for code, value in data.forms.items():
            if value is None:
                forms.pop(code, None)
            else:
                forms[code] = value
        dossier.forms = forms
    if data.result_channel is not None:
        dossier.result_channel = data.result_channel.value
    dossier.updated_at = utcnow()
    history.record(session, dossier, "forms_saved", history.Actor.of(officer))
    await session.flush()
    return await form_checks.form_errors(intake.catalog, procedure, dossier.forms)


async def _ensure_complete(session: AsyncSession, intake: Intake, dossier: Dossier) -> None:
    procedure = await procedure_of(intake, dossier)
    attached = await attached_components(session, dossier=dossier)
    errors = await form_checks.completeness(intake.catalog, procedure, dossier.forms, attached)
    if errors:
        raise DossierIncomplete(errors=errors)


async def accept(
    session: AsyncSession,
    outbox: Outbox,
    intake: Intake,
    *,
    dossier: Dossier,
    officer: Principal,
    note: str | None,
) -> Dossier:
    """Receive a complete dossier: code, reception and appointment dates, receipt, dossier.received."""
    _awaiting(dossier)
    ensure_transition(DossierStatus.SUBMITTED, DossierStatus.RECEIVED)
    await _ensure_complete(session, intake, dossier)
    procedure = await procedure_of(intake, dossier)
    if dossier.result_channel == Channel.POSTAL.value and not (dossier.applicant_details or {}).get(
        "address"
    ):
        raise PostalAddressMissing()
    now = utcnow()
    calendar = await intake.catalog.calendar(dossier.agency_code, today=now.astimezone(VN_TZ).date())
    promise = desk_rules.appointment(calendar, now, procedure.processing_days)
    # Last, so the agency's counter row stays locked for as short a time as possible.
    dossier.code = await codes.issue(session, agency_code=dossier.agency_code, day=promise.reception_date)
    dossier.received_at = now
    dossier.received_by = officer.subject
    dossier.reception_date = promise.reception_date
    dossier.appointment_date = promise.appointment_date
    dossier.immediate_result = procedure.immediate_result
    payment_due = procedure.payment_due
    dossier.payment_due = payment_due.value
    history.move(
        session,
        dossier,
        DossierStatus.RECEIVED.value,
        history.Actor.of(officer),
        action="received",
        reason=note,
        details={
            "code": dossier.code,
            "reception_date": promise.reception_date.isoformat(),
            "appointment_date": promise.appointment_date.isoformat(),
        },
    )
    if not procedure.immediate_result:
        # R-INT-4: an immediate result needs no receipt; the dossier is still recorded with its code.
        await letters.schedule(
            session,
            dossier=dossier,
            kind="receipt",
            payload={"received_at": now.isoformat(), "officer": letters.officer_payload(officer)},
        )
    await session.flush()
    await events.received(session, outbox, dossier, now, received_by=officer.subject, payment_due=payment_due)
    return dossier


def _items(procedure_components: dict[str, str], items: list[SupplementItemIn]) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(items):
        name = item.name
        if item.component_code is not None:
            if item.component_code not in procedure_components:
                raise UnknownComponent(component_code=item.component_code)
            name = name or procedure_components[item.component_code]
        if not name:
            raise DossierInvalid(
                errors=[
                    FieldError(
                        f"items.{index}.name",
                        "missing",
                        Text("Ghi rõ nội dung cần bổ sung.", "Say what must be supplied.").render(),
                    )
                ]
            )
        out.append(
            {
                "component_code": item.component_code,
                "name": name,
                "reason": item.reason,
                "guidance": item.guidance,
            }
        )
    return out


async def request_supplement(
    session: AsyncSession,
    outbox: Outbox,
    intake: Intake,
    *,
    dossier: Dossier,
    officer: Principal,
    items: list[SupplementItemIn],
) -> SupplementRequest:
    """One request listing everything missing or wrong, with reasons and guidance (R-INT-3)."""
    _awaiting(dossier)
    ensure_transition(DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT_REQUESTED)
    procedure = await procedure_of(intake, dossier)
    listed = _items({c.code: c.name for c in procedure.components}, items)
    now = utcnow()
    dossier.supplement_round += 1
    dossier.supplement_at_desk = True
    job = await letters.schedule(
        session,
        dossier=dossier,
        kind="supplement_request",
        payload={
            "requested_at": now.isoformat(),
            "officer": letters.officer_payload(officer),
            "items": listed,
        },
    )
    request = SupplementRequest(
        dossier_id=dossier.id,
        round=dossier.supplement_round,
        at_desk=True,
        items=listed,
        requested_by=officer.subject,
        requested_by_name=officer.name,
        requested_at=now,
        letter_document_id=job.document_id,
    )
    session.add(request)
    history.move(
        session,
        dossier,
        DossierStatus.SUPPLEMENT_REQUESTED.value,
        history.Actor.of(officer),
        action="supplement_requested",
        details={"items": listed, "round": dossier.supplement_round},
    )
    await session.flush()
    await events.supplement_requested(
        session, outbox, dossier, now, items=listed, requested_by=officer.subject, letter_id=job.document_id
    )
    return request


async def refuse(
    session: AsyncSession,
    outbox: Outbox,
    intake: Intake,
    *,
    dossier: Dossier,
    officer: Principal,
    reasons: list[str],
) -> Dossier:
    """Refuse to receive an out-of-scope or invalid dossier, with every reason (R-INT-3)."""
    _awaiting(dossier)
    ensure_transition(DossierStatus.SUBMITTED, DossierStatus.REFUSED)
    now = utcnow()
    dossier.refused_at_desk = True
    job = await letters.schedule(
        session,
        dossier=dossier,
        kind="refusal",
        payload={
            "refused_at": now.isoformat(),
            "officer": letters.officer_payload(officer),
            "reasons": reasons,
        },
    )
    history.move(
        session,
        dossier,
        DossierStatus.REFUSED.value,
        history.Actor.of(officer),
        action="refused_at_desk",
        reason="; ".join(reasons),
    )
    await session.flush()
    await events.refused(
        session, outbox, dossier, now, reasons=reasons, decided_by=officer.subject, letter_id=job.document_id
    )
    return dossier


async def queue(
    session: AsyncSession,
    *,
    officer: Principal,
    statuses: list[str],
    agency: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Dossier], str | None]:
    """The agency's dossiers in the given statuses, longest waiting first (keyset on status change)."""
    agencies = [agency] if agency else sorted(officer.agencies)
    if agency and not officer.serves_agency(agency):
        return [], None
    query = select(Dossier).where(Dossier.agency_code.in_(agencies), Dossier.status.in_(statuses))
    if cursor:
        changed, dossier_id = decode_cursor(cursor, 2)
        query = query.where(
            tuple_(Dossier.status_changed_at, Dossier.id)
            > tuple_(datetime.fromisoformat(changed), uuid.UUID(dossier_id))
        )
    query = query.order_by(Dossier.status_changed_at, Dossier.id).limit(limit + 1)
    rows = list((await session.scalars(query)).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].status_changed_at.isoformat(), rows[-1].id])
    return rows, next_cursor
