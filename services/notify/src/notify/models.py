"""Every table of the notify service, imported so Alembic sees them."""

from notify.db import Base, metadata, tables
from notify.inbox.models import InboxMessage

__all__ = ["Base", "InboxMessage", "metadata", "tables"]
