"""The in-app channel: the message becomes an entry of the recipient's inbox, delivered at once."""

from __future__ import annotations

from notify.channels.base import OutboundMessage, SendResult
from notify.inbox import service as inbox
from notify.kinds import Channel
from servicekit.db import Database


class InAppChannel:
    channel = Channel.IN_APP

    def __init__(self, db: Database) -> None:
        self.db = db

    async def send(self, message: OutboundMessage) -> SendResult:
        if not message.recipient_subject:
            return SendResult.permanent("no recipient account for an in-app message")
        async with self.db.transaction() as session:
            # Keyed by the message id: a retried send after a crash finds the entry already there.
            entry_id = await inbox.record(
                session,
                recipient=message.recipient_subject,
                message_id=message.message_id,
                kind=message.template_code,
                dossier_id=message.dossier_id,
                title=message.subject or "",
                body=message.body_text,
            )
        return SendResult.delivered(provider_id=str(entry_id), response="inbox entry written")

    async def close(self) -> None:
        return None
