"""Every table of the catalog service, imported so Alembic sees them."""

from catalog.agencies.models import Agency, CalendarOverride
from catalog.classification.models import Field, Sector
from catalog.db import Base, metadata, tables
from catalog.eforms.models import EForm
from catalog.faq.models import ProcedureFaq
from catalog.maintenance.models import MaintenanceWindow
from catalog.procedures.models import Procedure, ProcedureVersion
from catalog.search.models import ProcedureSearchEntry
from catalog.statistics.models import DossierFact

__all__ = [
    "Agency",
    "Base",
    "CalendarOverride",
    "DossierFact",
    "EForm",
    "Field",
    "MaintenanceWindow",
    "Procedure",
    "ProcedureFaq",
    "ProcedureSearchEntry",
    "ProcedureVersion",
    "Sector",
    "metadata",
    "tables",
]
