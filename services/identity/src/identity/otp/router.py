"""Internal OTP confirmation endpoints (R-ID-3): intake has a citizen confirm a submission with a
code identity sends and checks. Called service to service with a ``system`` token holding the scope
``identity:otp``; not routed by the gateway."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from identity.accounts import repository as accounts
from identity.context import IdentityDep, client_ip
from identity.deps import SessionDep
from identity.otp import rules, service
from identity.otp.errors import OtpInvalid
from identity.otp.schemas import (
    ConfirmationCheck,
    ConfirmationCreate,
    ConfirmationResult,
    ConfirmationStarted,
)
from servicekit.auth import Principal, require
from servicekit.errors import ServiceError
from servicekit.i18n import Text

router = APIRouter(prefix="/internal/v1/otp-confirmations", tags=["otp"])
OtpCaller = Annotated[Principal, Depends(require(kinds=("system",), scopes=("identity:otp",)))]


class NoContactForChannel(ServiceError):
    status = 422
    code = "no_contact_for_channel"
    title = Text("Không có địa chỉ nhận mã", "No address for this channel")
    detail = Text(
        "Tài khoản chưa có số điện thoại hoặc email đã xác thực cho kênh này.",
        "The account has no verified phone number or email for this channel.",
    )


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=ConfirmationStarted, summary="Gửi mã xác nhận"
)
async def start_confirmation(
    body: ConfirmationCreate, caller: OtpCaller, request: Request, session: SessionDep, identity: IdentityDep
) -> ConfirmationStarted:
    try:
        account = await accounts.get(session, uuid.UUID(body.subject))
    except ValueError:
        account = None
    address = None
    if account is not None and account.status == "active":
        address = account.phone if body.channel == "sms" else account.email
    if not address:
        raise NoContactForChannel()
    challenge = await service.issue(
        session,
        identity,
        purpose="dossier_confirmation",
        recipient=service.Recipient(body.subject, body.channel, address),
        reference=body.reference,
        client_ip=request.headers.get("x-applicant-ip") or client_ip(request),
    )
    return ConfirmationStarted(
        challenge_id=challenge.id,
        channel=body.channel,
        sent_to=rules.mask_address(body.channel, address),
        expires_in_seconds=identity.settings.otp_ttl_seconds,
    )


@router.post("/{challenge_id}/verify", response_model=ConfirmationResult, summary="Kiểm tra mã xác nhận")
async def verify_confirmation(
    challenge_id: uuid.UUID,
    body: ConfirmationCheck,
    caller: OtpCaller,
    session: SessionDep,
    identity: IdentityDep,
) -> ConfirmationResult:
    challenge = await service.check(
        session,
        identity,
        challenge_id=challenge_id,
        purpose="dossier_confirmation",
        subject=body.subject,
        code=body.code,
        reference=body.reference,
    )
    if challenge.consumed_at is None:
        raise OtpInvalid()
    return ConfirmationResult(
        confirmed=True,
        subject=challenge.subject,
        reference=challenge.reference or "",
        channel=challenge.channel,
        confirmed_at=challenge.consumed_at,
    )


@router.post("/{challenge_id}/resend", status_code=status.HTTP_202_ACCEPTED, summary="Gửi lại mã xác nhận")
async def resend_confirmation(
    challenge_id: uuid.UUID, caller: OtpCaller, request: Request, session: SessionDep, identity: IdentityDep
) -> Response:
    await service.resend(session, identity, challenge_id=challenge_id, client_ip=client_ip(request))
    return Response(status_code=status.HTTP_202_ACCEPTED)
