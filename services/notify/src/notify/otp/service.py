"""Delivering an OTP code: address check, the per-address limit, one direct message.

The code lives only in the message's rendered body until the message is final (then redacted), goes
to no topic (message events carry no body) and into no log line: nothing here logs the request.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import Channel
from notify.messages.limits import RecipientLimits, otp_retry_after
from notify.notices.planner import Planner
from notify.otp.errors import OtpAddressInvalid, OtpChannelUnavailable, OtpRateLimited
from notify.otp.schemas import OtpDeliveryCreate
from notify.recipients.addresses import normalise_email, normalise_phone
from servicekit.db import utcnow, uuid7
from servicekit.i18n import Text

KIND = "account.otp"
SOURCE_TYPE = "otp.delivery"
# Purposes identity names by key, shown as a phrase ("Mã OTP để <phrase>: …"); others shown as given.
PURPOSES = {
    "login": Text("đăng nhập", "sign in"),
    "registration": Text("xác minh tài khoản", "verify your account"),
    "contact_verification": Text("xác minh thông tin liên hệ", "verify your contact details"),
    "password_reset": Text("đặt lại mật khẩu", "reset your password"),
    "dossier_submission": Text("xác nhận nộp hồ sơ", "confirm the dossier submission"),
    "step_up": Text("xác thực thao tác", "confirm this action"),
}


def purpose_phrase(purpose: str, language: str) -> str:
    known = PURPOSES.get(purpose.strip().lower())
    return known.render("en" if language == "en" else "vi") if known else purpose.strip()


async def deliver(
    session: AsyncSession,
    *,
    request: OtpDeliveryCreate,
    planner: Planner,
    limits: RecipientLimits,
    simulated: bool,
) -> uuid.UUID:
    channel = Channel(request.channel)
    if channel not in planner.available:
        raise OtpChannelUnavailable(channel=channel.value)
    address = normalise_phone(request.address) if channel == Channel.SMS else normalise_email(request.address)
    if address is None:
        raise OtpAddressInvalid(channel=channel.value)
    wait = await otp_retry_after(session, limits=limits, channel=channel, address=address, now=utcnow())
    if wait is not None:
        raise OtpRateLimited(wait)
    message_id = await planner.direct(
        session,
        kind_code=KIND,
        channel=channel,
        address=address,
        variables={
            "code": request.code,
            "purpose": purpose_phrase(request.purpose, request.language),
            "expires_in_minutes": request.expires_in_minutes,
        },
        source_id=uuid7(),
        source_type=SOURCE_TYPE,
        language=request.language,
        recipient_subject=request.recipient_subject,
        simulated=simulated,
    )
    # A fresh source id per request: the unique key cannot hold a second message back.
    assert message_id is not None
    return message_id
