"""Returning the result (R-RES-1): the desk records the electronic result, then hands it over at the
desk, sends it by post, or returns it online (level 4: the applicant downloads it); fees due before
the return must be paid first (COORDINATION: payment_due before_return)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import Channel, DossierStatus, ensure_transition
from intake.attachments import rules as file_rules
from intake.attachments.errors import FileTypeNotAccepted
from intake.attachments.models import Document
from intake.attachments.service import store_stream
from intake.catalog.models import Component
from intake.context import Intake
from intake.dossiers import events, history
from intake.dossiers.models import Dossier
from intake.reception.errors import (
    NotResolved,
    OnlineReturnUnavailable,
    PaymentPending,
    PostalAddressMissing,
)
from servicekit.auth import Principal
from servicekit.db import utcnow
from servicekit.outbox import Outbox

#: What an electronic result may be: a (signed) PDF.
RESULT = Component(code="KQ", name="Kết quả giải quyết", kind="attachment", accepted_file_types=("pdf",))


async def results_of(session: AsyncSession, dossier: Dossier) -> list[Document]:
    query = (
        select(Document)
        .where(Document.dossier_id == dossier.id, Document.category == "result")
        .order_by(Document.created_at)
    )
    return list((await session.scalars(query)).all())


async def record_result(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    officer: Principal,
    filename: str,
    title: str,
    source: AsyncIterator[bytes],
) -> Document:
    """The electronic result, kept in the applicant's document store too (R-INT-5, R-RES-2)."""
    if dossier.status != DossierStatus.RESOLVED.value:
        raise NotResolved(status=DossierStatus(dossier.status).label)
    name = file_rules.sanitise_filename(filename, fallback="ket-qua")
    if file_rules.extension_of(name) != "pdf":
        raise FileTypeNotAccepted(accepted="pdf")
    stored = await store_stream(
        intake,
        source,
        filename=name,
        component=RESULT,
        limit=intake.settings.default_max_file_mb * file_rules.MIB,
    )
    document = Document(
        owner_subject=dossier.applicant_subject,
        category="result",
        title=title,
        filename=name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        reusable=True,
        dossier_id=dossier.id,
        created_by=officer.subject,
        created_at=utcnow(),
    )
    session.add(document)
    history.record(
        session,
        dossier,
        "result_recorded",
        history.Actor.of(officer),
        details={"title": title, "filename": name, "sha256": stored.sha256},
    )
    dossier.updated_at = utcnow()
    await session.flush()
    return document


async def hand_over(
    session: AsyncSession,
    outbox: Outbox,
    *,
    dossier: Dossier,
    officer: Principal,
    channel: Channel,
    postal_tracking: str | None,
    note: str | None,
) -> Dossier:
    if dossier.status != DossierStatus.RESOLVED.value:
        raise NotResolved(status=DossierStatus(dossier.status).label)
    ensure_transition(DossierStatus.RESOLVED, DossierStatus.RETURNED)
    if dossier.payment_due == "before_return" and dossier.payment_state != "paid":
        raise PaymentPending()
    if channel is Channel.ONLINE and (dossier.level < 4 or not await results_of(session, dossier)):
        raise OnlineReturnUnavailable()
    if channel is Channel.POSTAL and not (dossier.applicant_details or {}).get("address"):
        raise PostalAddressMissing()
    now = utcnow()
    dossier.returned_at = now
    dossier.return_channel = channel.value
    history.move(
        session,
        dossier,
        DossierStatus.RETURNED.value,
        history.Actor.of(officer),
        action="returned",
        reason=note,
        details={"channel": channel.value, "postal_tracking": postal_tracking},
    )
    await session.flush()
    await events.returned(session, outbox, dossier, now, channel=channel, returned_by=officer.subject)
    return dossier


def applicant_may_download(dossier: Dossier) -> bool:
    """The result is the applicant's once returned online (R-RES-1: same legal value as paper)."""
    return dossier.status == DossierStatus.RETURNED.value and dossier.return_channel == Channel.ONLINE.value
