"""Use cases of the SMS provider's callbacks: applying delivery reports, answering inbound lookups."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from notify.delivery.outcomes import apply_delivery_report
from notify.kinds import Channel
from notify.messages.limits import Limit
from notify.notices.planner import Planner
from notify.recipients.addresses import normalise_phone
from notify.sms.commands import Lookup, parse
from notify.sms.lookup import LookupUnavailable, PublicStatus
from notify.sms.models import InboundSms
from notify.sms.schemas import CallbackAnswer, DeliveryReport, InboundMessage
from servicekit.db import uuid7
from servicekit.outbox import Outbox

log = structlog.get_logger("notify.sms")

DELIVERED = 5
SEND_STATUS_ERRORS = {4: "failed (refused by the carrier)", 6: "expired (handset unreachable)"}
REPLY_KIND = "sms.lookup_reply"

LookupFn = Callable[[str], Awaitable[PublicStatus | None]]


async def apply_report(
    session: AsyncSession, outbox: Outbox, *, report: DeliveryReport, now: datetime
) -> CallbackAnswer:
    delivered = report.send_status == DELIVERED
    reason = SEND_STATUS_ERRORS.get(report.send_status, "not delivered")
    message_id = None
    if report.request_id:
        try:
            message_id = uuid.UUID(report.request_id)
        except ValueError:
            message_id = None
    message = await apply_delivery_report(
        session,
        outbox,
        channel=Channel.SMS.value,
        provider_id=report.sms_id,
        delivered=delivered,
        error=None if delivered else f"SMS provider reported SendStatus {report.send_status}: {reason}",
        now=now,
        message_id=message_id,
    )
    if message is None:
        # A repeated report, or one about a message that is final already: nothing changes.
        return CallbackAnswer(status="ignored")
    return CallbackAnswer(status="applied", outcome=message.status)


async def handle_inbound(
    session: AsyncSession,
    *,
    inbound: InboundMessage,
    planner: Planner,
    lookup: LookupFn,
    limit: Limit,
    now: datetime,
) -> CallbackAnswer:
    """Record the inbound message once, answer it by SMS (lookup result or help), within the limit."""
    sender = normalise_phone(inbound.sender)
    if sender is None:
        return CallbackAnswer(status="ignored", outcome="invalid_sender")
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"notify-inbound:{sender}"))))
    recent = await session.scalar(
        select(func.count())
        .select_from(InboundSms)
        .where(
            InboundSms.sender == sender,
            InboundSms.received_at >= now - timedelta(seconds=limit.window_seconds),
        )
    )
    command = parse(inbound.text)
    code = command.dossier_code if isinstance(command, Lookup) else None
    row_id = uuid7()
    inserted = await session.scalar(
        pg_insert(InboundSms)
        .values(
            id=row_id,
            provider_message_id=inbound.message_id,
            sender=sender,
            short_code=inbound.to,
            text=inbound.text[:500],
            command="lookup" if code else "help",
            dossier_code=code,
            outcome="pending",
            received_at=now,
        )
        .on_conflict_do_nothing(index_elements=[InboundSms.provider_message_id])
        .returning(InboundSms.id)
    )
    if inserted is None:
        existing = await session.scalar(
            select(InboundSms).where(InboundSms.provider_message_id == inbound.message_id)
        )
        return CallbackAnswer(
            status="duplicate",
            outcome=existing.outcome if existing else None,
            reply_message_id=str(existing.reply_message_id)
            if existing and existing.reply_message_id
            else None,
        )
    if int(recent or 0) >= limit.count:
        await _finish(session, row_id, outcome="rate_limited", reply=None)
        log.warning("inbound_sms_rate_limited", inbound_id=str(row_id))
        return CallbackAnswer(status="rate_limited", outcome="rate_limited")
    variables: dict[str, object] = {
        "outcome": "help",
        "dossier_code": code,
        "status_label": None,
        "appointment_date": None,
    }
    if code is not None:
        try:
            found = await lookup(code)
        except LookupUnavailable as exc:
            log.warning("dossier_lookup_unavailable", inbound_id=str(row_id), reason=str(exc))
            variables["outcome"] = "unavailable"
        else:
            variables["outcome"] = "not_found" if found is None else "found"
            if found is not None:
                variables |= {"status_label": found.label, "appointment_date": found.appointment_date}
    reply = await planner.direct(
        session,
        kind_code=REPLY_KIND,
        channel=Channel.SMS,
        address=sender,
        variables=variables,
        source_id=row_id,
        source_type="sms.inbound",
    )
    outcome = str(variables["outcome"])
    await _finish(session, row_id, outcome=outcome, reply=reply)
    log.info("inbound_sms_answered", inbound_id=str(row_id), outcome=outcome)
    return CallbackAnswer(status="replied", outcome=outcome, reply_message_id=str(reply) if reply else None)


async def _finish(session: AsyncSession, row_id: uuid.UUID, *, outcome: str, reply: uuid.UUID | None) -> None:
    await session.execute(
        update(InboundSms).where(InboundSms.id == row_id).values(outcome=outcome, reply_message_id=reply)
    )
