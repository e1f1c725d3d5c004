"""Alembic environment of the identity service."""

from identity import models  # noqa: F401  (registers every table on the metadata)
from identity.db import metadata
from identity.settings import IdentitySettings
from servicekit.migrations import run_env

run_env(metadata, IdentitySettings)
