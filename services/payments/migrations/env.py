"""Alembic environment of the payments service."""

from payments import models  # noqa: F401  (registers every table on the metadata)
from payments.db import metadata
from payments.settings import PaymentsSettings
from servicekit.migrations import run_env

run_env(metadata, PaymentsSettings)
