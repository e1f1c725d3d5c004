"""``POST /internal/v1/otp-deliveries``: for identity only (system client, scope ``notify:otp``).

Internal: the gateway routes no ``/internal`` prefix, so it is reachable only inside the network.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from notify.deps import OutboxDep, SessionDep, WiringDep
from notify.otp import service
from notify.otp.schemas import OtpDeliveryAccepted, OtpDeliveryCreate
from notify.wiring import OTP_SCOPE, TEST_SCOPE
from servicekit.auth import Principal, require

router = APIRouter(prefix="/internal/v1/otp-deliveries", tags=["internal"])
OtpCaller = Annotated[Principal, Depends(require(kinds=("system",), scopes=(OTP_SCOPE,)))]


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=OtpDeliveryAccepted,
    summary="Gửi mã OTP (nội bộ)",
    description=(
        "Gửi một mã OTP qua SMS hoặc email bằng mẫu account.otp. Trả 202 với message_id; 429 khi địa chỉ "
        "đã nhận quá số mã cho phép trong khoảng thời gian (Retry-After). Mã không bao giờ được ghi log, "
        "không lên topic, và bị xóa khỏi nội dung lưu trữ khi việc gửi kết thúc."
    ),
)
async def create_otp_delivery(
    body: OtpDeliveryCreate, caller: OtpCaller, session: SessionDep, outbox: OutboxDep, wiring: WiringDep
) -> OtpDeliveryAccepted:
    message_id = await service.deliver(
        session,
        request=body,
        planner=wiring.planner(outbox),
        limits=wiring.limits,
        simulated=TEST_SCOPE in caller.scopes,
    )
    return OtpDeliveryAccepted(message_id=message_id)
