"""Alembic environment of the nationalsync service."""

from nationalsync import models  # noqa: F401  (registers every table on the metadata)
from nationalsync.db import metadata
from nationalsync.settings import NationalSyncSettings
from servicekit.migrations import run_env

run_env(metadata, NationalSyncSettings)
