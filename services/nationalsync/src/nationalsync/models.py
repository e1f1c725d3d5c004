"""Every table of the nationalsync service, imported so Alembic sees them."""

from nationalsync.db import Base, metadata, tables
from nationalsync.directory.models import AgencyName, OfficialName, ProcedureName
from nationalsync.queue.models import SyncAttempt, SyncJob
from nationalsync.records.models import DossierRecord

__all__ = [
    "AgencyName",
    "Base",
    "DossierRecord",
    "OfficialName",
    "ProcedureName",
    "SyncAttempt",
    "SyncJob",
    "metadata",
    "tables",
]
