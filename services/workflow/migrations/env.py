"""Alembic environment of the workflow service."""

from workflow import models  # noqa: F401  (registers every table on the metadata)
from workflow.db import metadata
from workflow.settings import WorkflowSettings
from servicekit.migrations import run_env

run_env(metadata, WorkflowSettings)
