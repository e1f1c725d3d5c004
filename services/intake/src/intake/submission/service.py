"""Submitting a draft (R-ID-3): complete first, then confirmed by the applicant, then filed with its event."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.lifecycle import DossierStatus, can_transition, ensure_transition, status_after_supplement
from intake.attachments import repository as attachments
from intake.attachments.models import Document
from intake.context import Intake
from intake.dossiers import events, history
from intake.dossiers import forms as form_checks
from intake.dossiers.models import Dossier
from intake.dossiers.service import attached_components, procedure_of
from intake.identity_client import OtpSent
from intake.reception.models import SupplementRequest
from intake.submission.declaration import issued
from intake.submission.errors import (
    ConfirmationMissing,
    DossierIncomplete,
    NotSubmittable,
    NotSupplementable,
    NotWithdrawable,
    SignatureRequired,
    SignatureSignerMismatch,
)
from intake.submission.schemas import SubmissionRequest
from intake.submission.signature import SignatureDocumentMismatch, SignatureRejected
from servicekit.auth import Principal
from servicekit.db import utcnow, uuid7
from servicekit.outbox import Outbox


def otp_reference(dossier: Dossier) -> str:
    """What a code confirms: this dossier as it is now. Any change after the code was sent voids it."""
    return f"dossier:{dossier.id}:v{dossier.version}"


def _ensure_draft(dossier: Dossier) -> None:
    if dossier.status != DossierStatus.DRAFT.value:
        raise NotSubmittable(status=DossierStatus(dossier.status).label)


async def ensure_complete(session: AsyncSession, intake: Intake, dossier: Dossier) -> None:
    """Every required form filled in and valid, every required document attached (all listed at once)."""
    procedure = await procedure_of(intake, dossier)
    attached = await attached_components(session, dossier=dossier)
    errors = await form_checks.completeness(intake.catalog, procedure, dossier.forms, attached)
    if errors:
        raise DossierIncomplete(errors=errors)


async def send_otp(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    applicant: Principal,
    channel: str | None,
    applicant_ip: str | None,
) -> OtpSent:
    """Have identity send the applicant a code confirming this version of the dossier."""
    _ensure_draft(dossier)
    if applicant.kind == "organisation":
        raise SignatureRequired()
    await ensure_complete(session, intake, dossier)
    sent = await intake.identity.start_confirmation(
        subject=applicant.subject,
        reference=otp_reference(dossier),
        channel=channel or intake.settings.otp_channel,
        applicant_ip=applicant_ip,
    )
    history.record(
        session,
        dossier,
        "confirmation_code_sent",
        history.Actor.of(applicant),
        details={"channel": sent.channel, "sent_to": sent.sent_to},
    )
    return sent


async def _confirm(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    applicant: Principal,
    request: SubmissionRequest,
    bearer_token: str | None,
) -> tuple[str, dict[str, Any]]:
    """Check the confirmation; returns the method and what proves it."""
    if (request.otp is None) == (request.signature is None):
        raise ConfirmationMissing()
    if request.otp is not None:
        if applicant.kind == "organisation":
            raise SignatureRequired()
        result = await intake.identity.verify_confirmation(
            challenge_id=request.otp.challenge_id,
            subject=applicant.subject,
            reference=otp_reference(dossier),
            code=request.otp.code,
        )
        return "otp", {
            "challenge_id": str(request.otp.challenge_id),
            "channel": result.get("channel"),
            "confirmed_at": result.get("confirmed_at"),
        }
    assert request.signature is not None
    proof = await _verify_signature(
        session,
        intake,
        dossier=dossier,
        applicant=applicant,
        encoded=request.signature.signed_pdf,
        bearer_token=bearer_token,
    )
    return "signature", proof


async def _verify_signature(
    session: AsyncSession,
    intake: Intake,
    *,
    dossier: Dossier,
    applicant: Principal,
    encoded: str,
    bearer_token: str | None,
) -> dict[str, Any]:
    """The signed declaration of this version, verified, kept, and bound to the organisation."""
    try:
        signed = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureRejected() from exc
    declaration = await issued(session, dossier)
    if declaration is None:
        raise SignatureDocumentMismatch()
    original = await intake.storage.get(declaration.storage_key)
    verified = await asyncio.to_thread(intake.signatures.verify, signed, declaration=original)
    if applicant.kind == "organisation" and bearer_token:
        expected = (await intake.identity.profile(bearer_token)).get("tax_code")
        if expected and verified.tax_code != expected:
            raise SignatureSignerMismatch(tax_code=expected)
    key = f"signed/{dossier.id}/v{dossier.version}-{uuid7()}"
    await intake.storage.put(key, signed, content_type="application/pdf")
    document = Document(
        owner_subject=dossier.applicant_subject,
        category="signed_declaration",
        title=f"Tờ khai đã ký số — phiên bản {dossier.version}",
        filename=f"to-khai-da-ky-{dossier.id}-v{dossier.version}.pdf",
        content_type="application/pdf",
        size=len(signed),
        sha256=hashlib.sha256(signed).hexdigest(),
        storage_key=key,
        reusable=False,
        dossier_id=dossier.id,
        created_by=applicant.subject,
        created_at=utcnow(),
    )
    session.add(document)
    await session.flush()
    return {
        "signed_document_id": str(document.id),
        "declaration_sha256": declaration.sha256,
        "signer": verified.signer,
        "organisation": verified.organisation,
        "tax_code": verified.tax_code,
        "certificate_serial": verified.serial_number,
        "certificate_issuer": verified.issuer,
        "certificate_sha256": verified.certificate_sha256,
        "signed_at": verified.signed_at.isoformat() if verified.signed_at else None,
    }


async def submit(
    session: AsyncSession,
    outbox: Outbox,
    intake: Intake,
    *,
    dossier: Dossier,
    applicant: Principal,
    request: SubmissionRequest,
    bearer_token: str | None = None,
) -> Dossier:
    """File the draft: the status change, its history and ``dossier.submitted`` commit together."""
    _ensure_draft(dossier)
    ensure_transition(DossierStatus.DRAFT, DossierStatus.SUBMITTED)
    await ensure_complete(session, intake, dossier)
    method, proof = await _confirm(
        session, intake, dossier=dossier, applicant=applicant, request=request, bearer_token=bearer_token
    )
    now = utcnow()
    dossier.submitted_at = now
    dossier.submission_method = method
    dossier.submission_proof = proof
    history.move(
        session,
        dossier,
        DossierStatus.SUBMITTED.value,
        history.Actor.of(applicant),
        action="submitted",
        details={"method": method},
    )
    await session.flush()
    await events.submitted(session, outbox, dossier, now)
    return dossier


async def supplement(
    session: AsyncSession, outbox: Outbox, intake: Intake, *, dossier: Dossier, applicant: Principal
) -> Dossier:
    """The applicant supplied what was asked (R-INT-3, R-PROC-3): back to the desk's queue, or back to
    the appraising officer; the request is answered and the history keeps both rounds."""
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED.value:
        raise NotSupplementable(status=DossierStatus(dossier.status).label)
    await ensure_complete(session, intake, dossier)
    at_desk = dossier.supplement_at_desk is not False
    next_status = status_after_supplement(requested_at_desk=at_desk)
    ensure_transition(DossierStatus.SUPPLEMENT_REQUESTED, next_status)
    now = utcnow()
    pending = (
        await session.scalars(
            select(SupplementRequest)
            .where(SupplementRequest.dossier_id == dossier.id, SupplementRequest.answered_at.is_(None))
            .order_by(SupplementRequest.requested_at.desc())
        )
    ).all()
    for request in pending:
        request.answered_at = now
    added = [
        a.id
        for a, _ in await attachments.current(session, dossier_id=dossier.id)
        if a.supplement_round == dossier.supplement_round
    ]
    history.move(
        session,
        dossier,
        next_status.value,
        history.Actor.of(applicant),
        action="supplemented",
        details={"round": dossier.supplement_round, "attachments": [str(a) for a in added]},
    )
    dossier.supplement_at_desk = None
    await session.flush()
    await events.supplemented(session, outbox, dossier, now, next_status=next_status, attachment_ids=added)
    return dossier


async def withdraw(
    session: AsyncSession, outbox: Outbox, *, dossier: Dossier, applicant: Principal, reason: str | None
) -> Dossier:
    """The applicant withdraws a filed dossier before it is resolved (DESIGN §3); a draft is deleted "
    "instead."""
    current = DossierStatus(dossier.status)
    if current is DossierStatus.DRAFT or not can_transition(current, DossierStatus.WITHDRAWN):
        raise NotWithdrawable(status=current.label)
    now = utcnow()
    dossier.withdrawn_at = now
    history.move(
        session,
        dossier,
        DossierStatus.WITHDRAWN.value,
        history.Actor.of(applicant),
        action="withdrawn",
        reason=reason,
    )
    await session.flush()
    await events.withdrawn(session, outbox, dossier, now, previous=current, reason=reason)
    return dossier
