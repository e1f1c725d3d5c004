"""Every table of the notify service, imported so Alembic sees them."""

from notify.broadcasts.models import Broadcast, BroadcastRead
from notify.db import Base, metadata, tables
from notify.inbox.models import InboxMessage
from notify.messages.models import Message, MessageAttempt
from notify.recipients.models import Contact, NotificationPreference
from notify.sms.models import InboundSms
from notify.templates.models import MessageTemplate
from notify.webhooks.models import WebhookSubscription

__all__ = [
    "Base",
    "Broadcast",
    "BroadcastRead",
    "Contact",
    "InboundSms",
    "InboxMessage",
    "Message",
    "MessageAttempt",
    "MessageTemplate",
    "NotificationPreference",
    "WebhookSubscription",
    "metadata",
    "tables",
]
