"""HTTP endpoints of submission: ask for a confirmation code, then file the dossier."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import JSONResponse, Response

from intake.context import IntakeDep
from intake.db import tables
from intake.deps import OutboxDep, SessionDep
from intake.dossiers import views
from intake.dossiers.schemas import DossierRead
from intake.dossiers.service import get_own
from intake.submission import service
from intake.submission.declaration import issue
from intake.submission.schemas import OtpRequest, OtpStarted, SubmissionRequest, WithdrawalRequest
from servicekit.auth import ApplicantDep, bearer_token
from servicekit.http import Idempotency, check_if_match, client_address, etag_for, idempotency_dependency

router = APIRouter(prefix="/v1/dossiers/{dossier_id}/submission", tags=["submission"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency_dependency(tables, required=True))]


@router.post(
    "/otp",
    status_code=status.HTTP_201_CREATED,
    response_model=OtpStarted,
    summary="Gửi mã OTP xác nhận nộp hồ sơ",
    description=(
        "Công dân xác nhận nộp hồ sơ bằng mã OTP (R-ID-3). Hồ sơ phải đầy đủ (422 dossier_incomplete liệt kê "
        "mọi thiếu sót). Mã gắn với phiên bản hiện tại của hồ sơ: sửa hồ sơ sau khi nhận mã thì mã "
        "hết hiệu lực."
    ),
)
async def send_code(
    dossier_id: uuid.UUID,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    intake: IntakeDep,
    body: OtpRequest | None = None,
) -> OtpStarted:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant)
    sent = await service.send_otp(
        session,
        intake,
        dossier=dossier,
        applicant=applicant,
        channel=body.channel if body else None,
        applicant_ip=client_address(request, trusted_proxies=intake.settings.trusted_proxies),
    )
    return OtpStarted(
        challenge_id=sent.challenge_id,
        channel=sent.channel,
        sent_to=sent.sent_to,
        expires_in_seconds=sent.expires_in_seconds,
    )


@router.post(
    "",
    response_model=DossierRead,
    summary="Nộp hồ sơ (cần Idempotency-Key và If-Match)",
    description=(
        "Kèm mã OTP (công dân) hoặc tờ khai PDF đã ký số (tổ chức, R-ID-3). Hồ sơ chuyển sang “đã nộp, chờ "
        "tiếp nhận” và phát sự kiện vn.motcua.dossier.submitted.v1. Gửi lại cùng Idempotency-Key trả lại "
        "đúng kết quả lần trước."
    ),
)
async def submit(
    dossier_id: uuid.UUID,
    body: SubmissionRequest,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    check_if_match(request, dossier.version)
    await service.submit(
        session,
        outbox,
        intake,
        dossier=dossier,
        applicant=applicant,
        request=body,
        bearer_token=bearer_token(request),
    )
    read = views.read(dossier)
    return await idempotency.respond(
        session, status.HTTP_200_OK, read, headers={"ETag": etag_for(read.version)}
    )


@router.get(
    "/declaration",
    response_class=Response,
    summary="Tờ khai để ký số (tổ chức)",
    description=(
        "PDF của tờ khai chính ở phiên bản hiện tại của hồ sơ. Tổ chức ký số tệp này (PAdES) rồi gửi kèm khi "
        "nộp; sửa hồ sơ sau đó thì phải tải tờ khai mới và ký lại (R-ID-3)."
    ),
    responses={200: {"content": {"application/pdf": {}}}},
)
async def declaration(
    dossier_id: uuid.UUID, applicant: ApplicantDep, session: SessionDep, intake: IntakeDep
) -> Response:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    document = await issue(session, intake, dossier=dossier, subject=applicant.subject)
    content = await intake.storage.get(document.storage_key)
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "ETag": etag_for(dossier.version),
        },
    )


supplement_router = APIRouter(prefix="/v1/dossiers/{dossier_id}/supplement", tags=["submission"])


@supplement_router.post(
    "",
    response_model=DossierRead,
    summary="Nộp bổ sung (cần Idempotency-Key và If-Match)",
    description=(
        "Sau khi sửa tờ khai và giấy tờ theo Phiếu yêu cầu bổ sung: hồ sơ quay lại hàng chờ tiếp nhận "
        "(yêu cầu của bộ phận một cửa) hoặc về cán bộ thẩm định (yêu cầu sau thẩm định); lịch sử giữ cả "
        "hai lần."
    ),
)
async def supplement(
    dossier_id: uuid.UUID,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    outbox: OutboxDep,
    intake: IntakeDep,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    replay = await idempotency.replay(session)
    if replay is not None:
        return replay
    check_if_match(request, dossier.version)
    await service.supplement(session, outbox, intake, dossier=dossier, applicant=applicant)
    read = views.read(dossier)
    return await idempotency.respond(
        session, status.HTTP_200_OK, read, headers={"ETag": etag_for(read.version)}
    )


withdrawal_router = APIRouter(prefix="/v1/dossiers/{dossier_id}/withdrawal", tags=["submission"])


@withdrawal_router.post(
    "",
    response_model=DossierRead,
    summary="Rút hồ sơ (cần If-Match)",
    description=(
        "Người nộp rút hồ sơ đã nộp khi chưa có kết quả (TrangThaiHoSo 7); phát sự kiện "
        "vn.motcua.dossier.withdrawn.v1 (lệ phí đã nộp được xử lý hoàn trả theo quy định)."
    ),
)
async def withdraw(
    dossier_id: uuid.UUID,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    outbox: OutboxDep,
    body: WithdrawalRequest | None = None,
) -> JSONResponse:
    dossier = await get_own(session, dossier_id=dossier_id, principal=applicant, for_update=True)
    check_if_match(request, dossier.version)
    await service.withdraw(
        session, outbox, dossier=dossier, applicant=applicant, reason=body.reason if body else None
    )
    read = views.read(dossier)
    return JSONResponse(read.model_dump(mode="json"), headers={"ETag": etag_for(read.version)})
