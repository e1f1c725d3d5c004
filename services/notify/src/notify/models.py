"""Every table of the notify service, imported so Alembic sees them."""

from notify.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
