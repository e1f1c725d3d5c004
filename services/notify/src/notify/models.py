"""Every table of the notify service, imported so Alembic sees them."""

from notify.db import Base, metadata, tables
from notify.inbox.models import InboxMessage
from notify.messages.models import Message, MessageAttempt
from notify.recipients.models import Contact, NotificationPreference
from notify.templates.models import MessageTemplate

__all__ = [
    "Base",
    "Contact",
    "InboxMessage",
    "Message",
    "MessageAttempt",
    "MessageTemplate",
    "NotificationPreference",
    "metadata",
    "tables",
]
