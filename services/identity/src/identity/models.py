"""Every table of the identity service, imported so Alembic sees them."""

from identity.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
