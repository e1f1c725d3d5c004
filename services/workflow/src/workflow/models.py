"""Every table of the workflow service, imported so Alembic sees them."""

from workflow.db import Base, metadata, tables
from workflow.processes.models import ProcessInstance

__all__ = ["Base", "ProcessInstance", "metadata", "tables"]
