"""Callbacks of the SMS provider, called directly (not through the gateway): delivery reports and
inbound messages. Both are authenticated, both answer 2xx to anything they have handled (a repeated
callback changes nothing), so the provider stops retrying.

- ``POST /v1/sms/delivery-reports?token=…``: the per-deployment token (``NOTIFY_SMS_DLR_TOKEN``) that
  notify put in the ``CallbackUrl`` of every send.
- ``POST /v1/sms/inbound``: ``X-Sim-Signature`` = hex HMAC-SHA256 of the exact body bytes, keyed with
  ``SMS_PROVIDER_MO_SECRET``.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import ValidationError

from notify.deps import OutboxDep, SessionDep, WiringDep
from notify.kinds import Channel
from notify.messages.limits import Limit
from notify.sms import service
from notify.sms.errors import CallbackUnauthenticated, SmsNotConfigured
from notify.sms.schemas import CallbackAnswer, DeliveryReport, InboundMessage
from servicekit.db import utcnow
from servicekit.errors import ServiceError, field_errors_from_validation
from servicekit.i18n import Text

router = APIRouter(prefix="/v1/sms", tags=["sms"])
SIGNATURE_HEADER = "X-Sim-Signature"


class InvalidCallback(ServiceError):
    status = 422
    code = "callback_invalid"
    title = Text("Dữ liệu gọi lại không hợp lệ", "Invalid callback")


def _token(wiring: WiringDep, token: Annotated[str, Query(max_length=256)] = "") -> None:
    expected = wiring.settings.sms_dlr_token
    if not (token and hmac.compare_digest(token.encode(), expected.encode())):
        raise CallbackUnauthenticated()


async def _signed_inbound(request: Request, wiring: WiringDep) -> InboundMessage:
    secret = wiring.settings.sms_provider_mo_secret
    if not secret or Channel.SMS not in wiring.available:
        raise SmsNotConfigured()
    body = await request.body()
    given = request.headers.get(SIGNATURE_HEADER, "")
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not (given and hmac.compare_digest(given.strip().lower().encode(), expected.encode())):
        raise CallbackUnauthenticated()
    try:
        return InboundMessage.model_validate_json(body)
    except ValidationError as exc:
        raise InvalidCallback(errors=field_errors_from_validation(exc.errors())) from exc


@router.post(
    "/delivery-reports",
    response_model=CallbackAnswer,
    summary="Báo cáo gửi tin của nhà cung cấp SMS",
    dependencies=[Depends(_token)],
)
async def delivery_report(report: DeliveryReport, session: SessionDep, outbox: OutboxDep) -> CallbackAnswer:
    return await service.apply_report(session, outbox, report=report, now=utcnow())


@router.post("/inbound", response_model=CallbackAnswer, summary="Tin nhắn đến tổng đài (tra cứu hồ sơ)")
async def inbound(
    message: Annotated[InboundMessage, Depends(_signed_inbound)],
    session: SessionDep,
    outbox: OutboxDep,
    wiring: WiringDep,
) -> CallbackAnswer:
    settings = wiring.settings
    return await service.handle_inbound(
        session,
        inbound=message,
        planner=wiring.planner(outbox),
        lookup=wiring.intake_lookup,
        limit=Limit(settings.inbound_limit_per_sender, settings.inbound_limit_window_seconds),
        now=utcnow(),
    )
