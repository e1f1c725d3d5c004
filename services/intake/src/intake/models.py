"""Every table of the intake service, imported so Alembic sees them."""

from intake.db import Base, metadata, tables
from intake.dossiers.models import Dossier

__all__ = ["Base", "Dossier", "metadata", "tables"]
