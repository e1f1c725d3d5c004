"""Every table of the payments service, imported so Alembic sees them."""

from payments.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
