"""Turning a notice into messages: recipient, channels (preferences + legal-notice rule), template,
rendering — each message inserted once per (source, recipient, channel), in the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import MESSAGE_FAILED, MessageFailed, NotificationChannel
from notify.kinds import KINDS, Channel, MessageKind
from notify.messages import service as messages
from notify.messages.limits import RecipientLimits, notice_over_limit
from notify.messages.models import MessageStatus
from notify.messages.service import NewMessage
from notify.notices.mapping import Notice
from notify.recipients import service as recipients
from notify.recipients.rules import DEFAULT_PREFERENCES, channels_for
from notify.recipients.service import Recipient
from notify.templates import service as templates
from notify.templates.errors import TemplateProblem
from notify.templates.rendering import Rendered, render
from servicekit.db import utcnow
from servicekit.i18n import Language, Text
from servicekit.outbox import Outbox

log = structlog.get_logger("notify.notices")


class Planner:
    """Creates the messages of notices; ``available`` are the channels this deployment can send on."""

    def __init__(
        self,
        outbox: Outbox,
        *,
        available: Collection[Channel],
        portal_url: str,
        limits: RecipientLimits | None = None,
    ) -> None:
        self.outbox = outbox
        self.available = frozenset(available)
        self.portal_url = portal_url
        self.limits = limits or RecipientLimits()

    async def plan(
        self, session: AsyncSession, notice: Notice, *, source_id: uuid.UUID, source_type: str
    ) -> list[uuid.UUID]:
        """Create the notice's messages; returns the ids created (none when it was done before)."""
        kind = KINDS[notice.kind]
        recipient = await recipients.recipient(
            session, subject=notice.recipient_subject, fallback_name=notice.recipient_name
        )
        created: list[uuid.UUID] = []
        for channel in channels_for(kind, recipient.preferences, available=self.available):
            message_id = await self._one(session, notice, kind, recipient, channel, source_id, source_type)
            if message_id is not None:
                created.append(message_id)
        return created

    async def direct(
        self,
        session: AsyncSession,
        *,
        kind_code: str,
        channel: Channel,
        address: str,
        variables: Mapping[str, Any],
        source_id: uuid.UUID,
        source_type: str,
        language: str = "vi",
        recipient_subject: str | None = None,
        recipient_name: str | None = None,
        simulated: bool = False,
    ) -> uuid.UUID | None:
        """One message to a named address, preferences and limits not applied (OTP, lookup replies,
        the answer to feedback sent without an account).

        For ``sensitive`` kinds the code lives only in the queued body and is redacted once the
        message is final; nothing here logs variables. ``simulated``: test mode, never sent.
        """
        kind = KINDS[kind_code]
        recipient = Recipient(
            subject=recipient_subject or "",
            name=recipient_name,
            email=address if channel == Channel.EMAIL else None,
            phone=address if channel == Channel.SMS else None,
            preferences=replace(DEFAULT_PREFERENCES, language=language),
        )
        notice = Notice(kind=kind_code, recipient_subject=recipient.subject, variables=variables)
        return await self._one(
            session, notice, kind, recipient, channel, source_id, source_type, simulated=simulated
        )

    async def _one(
        self,
        session: AsyncSession,
        notice: Notice,
        kind: MessageKind,
        recipient: Recipient,
        channel: Channel,
        source_id: uuid.UUID,
        source_type: str,
        *,
        simulated: bool = False,
    ) -> uuid.UUID | None:
        language = recipient.preferences.language
        template = await templates.for_message(session, code=kind.code, channel=channel, language=language)
        if template is None:
            log.warning("template_missing", template_code=kind.code, channel=channel.value, language=language)
            return None
        address = _address(recipient, channel)
        status, error = MessageStatus.QUEUED, None
        rendered = Rendered(subject=None, body_text="")
        try:
            variables = self._variables(notice, recipient, template.language)
            rendered = render(templates.source_of(template), variables, language=template.language)
        except TemplateProblem as exc:
            # Visible to operators as a permanent failure; the event's other messages still go.
            status, error = MessageStatus.PERMANENT_FAILURE, f"render failed: {exc.render_detail('en')}"
        if status == MessageStatus.QUEUED and channel != Channel.IN_APP and address is None:
            status, error = MessageStatus.SKIPPED, f"no known {channel.value} address"
        if status == MessageStatus.QUEUED and kind.policy == "optional" and recipient.subject:
            # Legal notices always go; direct sends (OTP, answers to people without an account) are
            # limited where they start (the OTP endpoint, intake's limit on anonymous feedback).
            broken = await notice_over_limit(
                session,
                limits=self.limits,
                channel=channel,
                recipient_subject=recipient.subject,
                now=utcnow(),
            )
            if broken is not None:
                status, error = MessageStatus.SKIPPED, broken.describe(channel)
        message_id = await messages.create(
            session,
            NewMessage(
                source_id=source_id,
                source_type=source_type,
                recipient_subject=recipient.subject or None,
                recipient_name=recipient.name,
                channel=channel,
                address=address,
                dossier_id=notice.dossier_id,
                template_code=kind.code,
                template_id=template.id,
                template_version=template.version,
                language=template.language,
                legal_notice=kind.legal_notice,
                sensitive=kind.sensitive,
                subject=rendered.subject,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                status=status,
                last_error=error,
                simulated=simulated,
            ),
        )
        if message_id is not None and status == MessageStatus.PERMANENT_FAILURE:
            log.error("message_render_failed", message_id=str(message_id), template_code=kind.code)
            await self.outbox.add(
                session,
                MESSAGE_FAILED,
                MessageFailed(
                    message_id=message_id,
                    channel=NotificationChannel(channel.value),
                    template_code=kind.code,
                    recipient_subject=recipient.subject or None,
                    dossier_id=notice.dossier_id,
                    attempts=1,
                    occurred_at=utcnow(),
                    error=error or "render failed",
                ),
                key=str(notice.dossier_id or message_id),
                subject=str(message_id),
            )
        return message_id

    def _variables(self, notice: Notice, recipient: Recipient, language: str) -> dict[str, Any]:
        values: Mapping[str, Any] = {
            "recipient_name": recipient.name,
            "portal_url": self.portal_url,
            **notice.variables,
        }
        lang: Language = "en" if language == "en" else "vi"
        return {k: v.render(lang) if isinstance(v, Text) else v for k, v in values.items()}


def _address(recipient: Recipient, channel: Channel) -> str | None:
    if channel == Channel.EMAIL:
        return recipient.email
    if channel == Channel.SMS:
        return recipient.phone
    return recipient.subject
