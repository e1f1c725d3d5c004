"""Alembic environment of the intake service."""

from intake import models  # noqa: F401  (registers every table on the metadata)
from intake.db import metadata
from intake.settings import IntakeSettings
from servicekit.migrations import run_env

run_env(metadata, IntakeSettings)
