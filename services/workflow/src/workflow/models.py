"""Every table of the workflow service, imported so Alembic sees them."""

from workflow.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
