"""Every table of the intake service, imported so Alembic sees them."""

from intake.db import Base, metadata, tables

__all__ = ["Base", "metadata", "tables"]
