"""Receiving feedback: who may send it, where it is routed, when its answer is due (R-FB-4); and the
reads: one feedback, lists, the public Q&A and the agency's accountability figures."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import FEEDBACK_SUBMITTED, FeedbackChannel, FeedbackSubmitted, FeedbackTarget
from contracts.lifecycle import DossierStatus
from intake.dossiers.models import Dossier
from intake.feedback import repository, rules
from intake.feedback.context import FeedbackContext
from intake.feedback.errors import (
    ChannelNotAllowed,
    CitedDossierNotFound,
    ContactRequired,
    DossierNotFiled,
    FeedbackNotFound,
    NotASupervisor,
    SubmissionsLimited,
    TargetUnknown,
)
from intake.feedback.events import common_fields
from intake.feedback.models import Feedback
from intake.feedback.rules import FeedbackStatus, HistoryAction
from intake.feedback.schemas import FeedbackCreate
from servicekit.auth import Principal
from servicekit.calendar import VN_TZ
from servicekit.clock import local_today
from servicekit.errors import FieldError, Forbidden
from servicekit.http import decode_cursor, encode_cursor
from servicekit.i18n import Text
from servicekit.outbox import Outbox

_UNKNOWN = Text("Không có trong danh mục hoặc đã ngừng hoạt động.", "Not in the catalogue, or inactive.")


@dataclass(frozen=True)
class Route:
    """Where feedback goes: the agency that answers, and what it is about."""

    agency_code: str
    agency_name: str | None
    procedure_code: str | None = None
    procedure_name: str | None = None
    dossier_id: uuid.UUID | None = None
    dossier_code: str | None = None


async def submit(
    session: AsyncSession,
    outbox: Outbox,
    context: FeedbackContext,
    *,
    principal: Principal | None,
    data: FeedbackCreate,
    client_address: str,
) -> Feedback:
    """Receive feedback, route it and set its due date; the row, its history and ``feedback.submitted``
    commit together."""
    _check_sender(principal, data)
    route = await _route(session, context, principal, data)
    if (
        principal is not None
        and principal.kind == "official"
        and not principal.serves_agency(route.agency_code)
    ):
        raise ChannelNotAllowed()
    await _check_limits(context, principal, data, client_address)

    now = context.clock.now()
    calendar = await context.directory.calendar(route.agency_code, around=now.astimezone(VN_TZ).date())
    deadline = rules.deadline(calendar, now, working_days=context.settings.feedback_answer_working_days)
    applicant = principal is not None and principal.is_applicant
    contact = data.contact
    feedback = Feedback(
        target=data.target.value,
        kind=data.kind.value,
        channel=data.channel.value,
        dossier_id=route.dossier_id,
        dossier_code=route.dossier_code,
        procedure_code=route.procedure_code,
        procedure_name=route.procedure_name,
        agency_code=route.agency_code,
        agency_name=route.agency_name,
        title=data.title,
        content=data.content,
        submitter_subject=principal.subject if applicant and principal else None,
        submitter_name=contact.name if contact else (principal.name if applicant and principal else None),
        contact_email=contact.email if contact else None,
        contact_phone=contact.phone if contact else None,
        recorded_by=principal.subject if principal is not None and not applicant else None,
        publish_consent=data.publish_consent,
        status=FeedbackStatus.RECEIVED.value,
        submitted_at=now,
        received_on=deadline.received_on,
        due_date=deadline.due_date,
        remind_on=deadline.remind_on,
        updated_at=now,
    )
    session.add(feedback)
    await session.flush()
    repository.add_history(
        session,
        feedback,
        action=HistoryAction.SUBMITTED,
        at=now,
        actor_subject=principal.subject if principal else None,
        actor_name=principal.name if principal else feedback.submitter_name,
        note=f"Hạn trả lời: {deadline.due_date.strftime('%d/%m/%Y')}",
    )
    await outbox.add(
        session,
        FEEDBACK_SUBMITTED,
        FeedbackSubmitted(
            **common_fields(feedback, now),
            kind=data.kind,
            channel=data.channel,
            received_on=feedback.received_on,
            submitter_subject=feedback.submitter_subject,
        ),
        key=str(feedback.id),
        subject=str(feedback.id),
    )
    return feedback


def _check_sender(principal: Principal | None, data: FeedbackCreate) -> None:
    portal = data.channel is FeedbackChannel.PORTAL
    if principal is None or principal.is_applicant:
        # Citizens write on the portal; only an agency's official records what came otherwise.
        if not portal:
            raise ChannelNotAllowed()
    elif principal.kind != "official" or portal:
        raise ChannelNotAllowed()
    needs_contact = principal is None or not principal.is_applicant
    contact = data.contact
    if needs_contact and (contact is None or not (contact.email or contact.phone)):
        raise ContactRequired(
            errors=[
                FieldError(
                    "contact",
                    "missing",
                    Text(
                        "Ghi họ tên và thư điện tử hoặc số điện thoại.", "Give a name and an email or phone."
                    ).render(),
                )
            ]
        )


async def _route(
    session: AsyncSession, context: FeedbackContext, principal: Principal | None, data: FeedbackCreate
) -> Route:
    directory = context.directory
    if data.target is FeedbackTarget.DOSSIER:
        assert data.dossier_id is not None
        dossier = await session.get(Dossier, data.dossier_id)
        if dossier is None or principal is None or not _may_cite(principal, dossier):
            raise CitedDossierNotFound(dossier_id=str(data.dossier_id))
        if dossier.status == DossierStatus.DRAFT.value:
            raise DossierNotFiled()
        agency = await directory.agency(dossier.agency_code)
        procedure = await directory.procedure(dossier.procedure_code)
        return Route(
            agency_code=dossier.agency_code,
            agency_name=agency.name if agency else None,
            procedure_code=dossier.procedure_code,
            procedure_name=procedure.name if procedure else None,
            dossier_id=dossier.id,
            dossier_code=dossier.code,
        )
    if data.target is FeedbackTarget.PROCEDURE:
        assert data.procedure_code is not None
        procedure = await directory.procedure(data.procedure_code)
        if procedure is None:
            raise TargetUnknown(errors=[FieldError("procedure_code", "unknown", _UNKNOWN.render())])
        agency_code = data.agency_code or procedure.agency_code
        agency = await directory.agency(agency_code)
        if agency is None or not agency.active:
            raise TargetUnknown(errors=[FieldError("agency_code", "unknown", _UNKNOWN.render())])
        return Route(
            agency_code=agency.code,
            agency_name=agency.name,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
        )
    assert data.agency_code is not None
    agency = await directory.agency(data.agency_code)
    if agency is None or not agency.active:
        raise TargetUnknown(errors=[FieldError("agency_code", "unknown", _UNKNOWN.render())])
    return Route(agency_code=agency.code, agency_name=agency.name)


def _may_cite(principal: Principal, dossier: Dossier) -> bool:
    """Only the dossier's applicant, or an official of its agency recording what the applicant said."""
    if principal.is_applicant:
        return dossier.applicant_subject == principal.subject
    return principal.kind == "official" and principal.serves_agency(dossier.agency_code)


async def _check_limits(
    context: FeedbackContext, principal: Principal | None, data: FeedbackCreate, client_address: str
) -> None:
    settings = context.settings
    hits: list[tuple[str, int, int]] = []
    if principal is None:
        hits.append((f"feedback-ip:{client_address}", settings.feedback_anonymous_per_hour, 3600))
        contact = data.contact
        for address in (
            contact.email.lower() if contact and contact.email else None,
            contact and contact.phone,
        ):
            if address:
                hits.append((f"feedback-contact:{address}", settings.feedback_per_contact_day, 86400))
    elif principal.is_applicant:
        hits.append((f"feedback-account:{principal.subject}", settings.feedback_per_account_day, 86400))
    for key, limit, window in hits:
        decision = await context.limiter.hit(key, limit=limit, window=window)
        if not decision.allowed:
            raise SubmissionsLimited(headers=dict(decision.headers(window)))


# -- reads -------------------------------------------------------------------------------------


def may_see(feedback: Feedback, principal: Principal) -> bool:
    """Its submitter, or an official of the agency it is routed to; nobody else (404, not 403)."""
    if principal.is_applicant:
        return feedback.submitter_subject == principal.subject
    return principal.kind == "official" and principal.serves_agency(feedback.agency_code)


async def get_visible(
    session: AsyncSession, *, feedback_id: uuid.UUID, principal: Principal, for_update: bool = False
) -> Feedback:
    feedback = await repository.get(session, feedback_id, for_update=for_update)
    if feedback is None or not may_see(feedback, principal):
        raise FeedbackNotFound(feedback_id=str(feedback_id))
    return feedback


async def list_visible(
    session: AsyncSession,
    *,
    principal: Principal,
    agency_code: str | None,
    status: FeedbackStatus | None,
    overdue_on: date | None,
    limit: int,
    cursor: str | None,
    dossier_id: uuid.UUID | None = None,
) -> tuple[list[Feedback], str | None]:
    """A citizen's own feedback, or the queue of the agencies an official serves."""
    submitter: str | None = None
    agencies: set[str] | None = None
    if principal.is_applicant:
        submitter = principal.subject
    elif principal.kind == "official":
        agencies = set(principal.agencies)
        if agency_code is not None:
            agencies &= {agency_code}
    else:
        raise Forbidden()
    after = None
    if cursor:
        submitted_at, feedback_id = decode_cursor(cursor, 2)
        after = (datetime.fromisoformat(submitted_at), uuid.UUID(feedback_id))
    rows = list(
        await repository.page(
            session,
            submitter=submitter,
            agencies=agencies,
            status=status,
            overdue_on=overdue_on,
            dossier_id=dossier_id,
            limit=limit + 1,
            after=after,
        )
    )
    return _cut(rows, limit, lambda r: [r.submitted_at.isoformat(), r.id])


async def public_page(
    session: AsyncSession,
    *,
    procedure_code: str | None,
    agency_code: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Feedback], str | None]:
    after = None
    if cursor:
        published_at, feedback_id = decode_cursor(cursor, 2)
        after = (datetime.fromisoformat(published_at), uuid.UUID(feedback_id))
    rows = list(
        await repository.public_page(
            session, procedure_code=procedure_code, agency_code=agency_code, limit=limit + 1, after=after
        )
    )
    return _cut(rows, limit, lambda r: [r.published_at.isoformat() if r.published_at else "", r.id])


async def get_public(session: AsyncSession, feedback_id: uuid.UUID) -> Feedback:
    feedback = await repository.get(session, feedback_id)
    if feedback is None or not feedback.published:
        raise FeedbackNotFound(feedback_id=str(feedback_id))
    return feedback


def _cut(
    rows: list[Feedback], limit: int, key: Callable[[Feedback], Sequence[object]]
) -> tuple[list[Feedback], str | None]:
    """Rows were fetched with ``limit + 1``: keep ``limit`` and build the next cursor if there is more."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(key(rows[-1]))


async def accountability(
    session: AsyncSession,
    context: FeedbackContext,
    *,
    principal: Principal,
    agency_code: str,
    start: date | None,
    end: date | None,
) -> tuple[date, date, dict[str, int], list[dict[str, object]]]:
    """R-FB-4: the agency's figures over a period of reception dates (from 1 January by default)."""
    if not rules.may_supervise(principal, agency_code):
        raise NotASupervisor(agency_code=agency_code)
    today = local_today(context.clock)
    start = start or date(today.year, 1, 1)
    end = end or today
    totals = await repository.agency_figures(
        session, agency_code=agency_code, start=start, end=end, today=today
    )
    officers = [
        {"subject": subject, "name": name, "answered": int(n), "on_time": int(ok), "late": int(late)}
        for subject, name, n, ok, late in await repository.officer_figures(
            session, agency_code=agency_code, start=start, end=end
        )
    ]
    return start, end, totals, officers
