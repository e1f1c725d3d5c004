"""Alembic environment of the workflow service."""

from servicekit.migrations import run_env
from workflow import models  # noqa: F401  (registers every table on the metadata)
from workflow.db import metadata
from workflow.settings import WorkflowSettings

run_env(metadata, WorkflowSettings)
