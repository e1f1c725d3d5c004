"""HTTP endpoints of accounts (``/v1/accounts``)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from identity.accounts import service
from identity.accounts.models import Account
from identity.accounts.schemas import (
    AccountRead,
    AccountRegistration,
    AccountUpdate,
    CodeSubmission,
    OfficialCreate,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    VerificationStarted,
)
from identity.context import IdentityDep, client_ip
from identity.credentials import service as credentials
from identity.db import tables
from identity.deps import SessionDep
from identity.otp import rules as otp_rules
from identity.otp import service as otp
from identity.otp.models import OtpChallenge
from servicekit.auth import Principal, PrincipalDep, require
from servicekit.errors import PreconditionRequired
from servicekit.http import Idempotency, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables))]
AdminDep = Annotated[Principal, Depends(require(kinds=("official",), roles=("system_admin", "agency_admin")))]


def _started(
    identity: IdentityDep, challenge: OtpChallenge, channel: Literal["sms", "email"]
) -> VerificationStarted:
    address = challenge.address or ("0900000000" if channel == "sms" else "x@example.vn")
    return VerificationStarted(
        verification_id=challenge.id,
        channel=channel,
        sent_to=otp_rules.mask_address(channel, address),
        expires_in_seconds=identity.settings.otp_ttl_seconds,
    )


def _account_response(account: Account, status_code: int = 200) -> JSONResponse:
    read = AccountRead.model_validate(account)
    return JSONResponse(
        read.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag_for(account.version)},
    )


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=VerificationStarted,
    summary="Đăng ký tài khoản công dân hoặc tổ chức",
    description="Tạo tài khoản chờ xác thực và gửi mã qua SMS hoặc email (R-ID-1). Câu trả lời như nhau "
    "dù số định danh đã có tài khoản hay chưa.",
)
async def register(
    body: AccountRegistration, request: Request, session: SessionDep, identity: IdentityDep
) -> VerificationStarted:
    challenge = await service.register(session, identity, body, client_ip=client_ip(request))
    return _started(identity, challenge, body.verification_channel)


@router.post("/verification", response_model=AccountRead, summary="Xác thực tài khoản mới bằng mã OTP")
async def verify(body: CodeSubmission, session: SessionDep, identity: IdentityDep) -> JSONResponse:
    account = await service.verify_registration(
        session, identity, verification_id=body.verification_id, code=body.code
    )
    return _account_response(account)


class ResendRequest(BaseModel):
    verification_id: uuid.UUID


@router.post(
    "/verification/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Gửi lại mã xác thực",
    description="Sau thời gian chờ; số lần gửi bị giới hạn theo tài khoản và theo địa chỉ IP.",
)
async def resend(
    body: ResendRequest, request: Request, session: SessionDep, identity: IdentityDep
) -> Response:
    await otp.resend(session, identity, challenge_id=body.verification_id, client_ip=client_ip(request))
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.get("/me", response_model=AccountRead, summary="Thông tin tài khoản của tôi")
async def get_me(principal: PrincipalDep, session: SessionDep) -> JSONResponse:
    return _account_response(await service.get_mine(session, principal))


@router.patch(
    "/me",
    response_model=AccountRead,
    summary="Sửa thông tin tài khoản",
    description="Cần tiêu đề If-Match với ETag hiện tại. Đổi số điện thoại/email thì phải xác thực lại.",
)
async def update_me(
    body: AccountUpdate,
    principal: PrincipalDep,
    session: SessionDep,
    identity: IdentityDep,
    if_match: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    if not if_match:
        raise PreconditionRequired()
    try:
        version = int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError:
        version = -1
    account = await service.update_mine(session, identity, principal, body, if_match=version)
    return _account_response(account)


@router.post("/me/password", status_code=status.HTTP_204_NO_CONTENT, summary="Đổi mật khẩu")
async def change_password(
    body: PasswordChange, principal: PrincipalDep, session: SessionDep, identity: IdentityDep
) -> Response:
    await service.change_password(
        session, identity, principal, current=body.current_password, new=body.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class TotpEnrolment(BaseModel):
    secret: str = Field(description="Khoá bí mật (base32) để nhập tay vào ứng dụng xác thực")
    otpauth_uri: str = Field(description="Mã QR của địa chỉ này dùng cho ứng dụng xác thực")


class TotpConfirmation(BaseModel):
    code: str = Field(min_length=6, max_length=6)


StrongOfficial = Annotated[Principal, Depends(require(kinds=("official",), min_acr=2))]


@router.post(
    "/me/totp",
    status_code=status.HTTP_201_CREATED,
    response_model=TotpEnrolment,
    summary="Đăng ký ứng dụng xác thực (TOTP) cho cán bộ",
    description="Cần đăng nhập ở mức LoA2. Ứng dụng chỉ được dùng sau khi xác nhận bằng một mã.",
)
async def enrol_totp(principal: StrongOfficial, session: SessionDep, identity: IdentityDep) -> JSONResponse:
    account = await service.get_mine(session, principal)
    secret, uri = await credentials.start_enrolment(session, identity, account.id, label=account.username)
    return JSONResponse(
        TotpEnrolment(secret=secret, otpauth_uri=uri).model_dump(),
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


@router.post("/me/totp/confirm", status_code=status.HTTP_204_NO_CONTENT, summary="Xác nhận ứng dụng xác thực")
async def confirm_totp(
    body: TotpConfirmation, principal: StrongOfficial, session: SessionDep, identity: IdentityDep
) -> Response:
    account = await service.get_mine(session, principal)
    await credentials.confirm_enrolment(session, identity, account.id, body.code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=VerificationStarted,
    summary="Quên mật khẩu: gửi mã",
    description="Câu trả lời như nhau dù tài khoản có tồn tại hay không.",
)
async def request_reset(
    body: PasswordResetRequest, request: Request, session: SessionDep, identity: IdentityDep
) -> VerificationStarted:
    challenge = await service.request_password_reset(
        session, identity, username=body.username, channel=body.channel, client_ip=client_ip(request)
    )
    return _started(identity, challenge, body.channel)


@router.post(
    "/password-reset/confirm", status_code=status.HTTP_204_NO_CONTENT, summary="Đặt mật khẩu mới bằng mã"
)
async def confirm_reset(body: PasswordResetConfirm, session: SessionDep, identity: IdentityDep) -> Response:
    await service.confirm_password_reset(session, identity, body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/officials",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountRead,
    summary="Tạo tài khoản cán bộ",
)
async def create_official(
    body: OfficialCreate,
    admin: AdminDep,
    session: SessionDep,
    identity: IdentityDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    account = await service.create_official(session, identity, admin, body)
    return await idempotency.respond(
        session,
        status.HTTP_201_CREATED,
        AccountRead.model_validate(account),
        headers={"Location": f"/v1/accounts/{account.id}", "ETag": etag_for(account.version)},
    )


@router.get("/{account_id}", response_model=AccountRead, summary="Xem một tài khoản (quản trị)")
async def get_account(account_id: uuid.UUID, admin: AdminDep, session: SessionDep) -> JSONResponse:
    return _account_response(await service.administered(session, admin, account_id))


@router.post(
    "/{account_id}/{action}",
    response_model=AccountRead,
    summary="Mở khoá, khoá hoặc vô hiệu hoá tài khoản",
)
async def change_status(
    account_id: uuid.UUID,
    action: Literal["unlock", "lock", "deactivate"],
    admin: AdminDep,
    session: SessionDep,
    identity: IdentityDep,
) -> JSONResponse:
    return _account_response(await service.set_status(session, identity, admin, account_id, action=action))
