"""Every table of the workflow service, imported so Alembic sees them."""

from workflow.db import Base, metadata, tables
from workflow.deadlines.models import DeadlineNotice
from workflow.definitions.models import ProcessDefinition
from workflow.directory.models import Agency, CalendarDay, CalendarScope, Officer, ProcedureLimit
from workflow.documents.models import ProcessDocument
from workflow.history.models import HistoryEntry
from workflow.processes.models import DossierBrief, PaymentSignal, ProcessInstance, ProcessStage
from workflow.tasks.models import Consultation, Task, Verification

__all__ = [
    "Agency",
    "Base",
    "CalendarDay",
    "CalendarScope",
    "Consultation",
    "DeadlineNotice",
    "DossierBrief",
    "HistoryEntry",
    "Officer",
    "PaymentSignal",
    "ProcedureLimit",
    "ProcessDefinition",
    "ProcessDocument",
    "ProcessInstance",
    "ProcessStage",
    "Task",
    "Verification",
    "metadata",
    "tables",
]
