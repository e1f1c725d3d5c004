"""Every table of the catalog service, imported so Alembic sees them."""

from catalog.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
