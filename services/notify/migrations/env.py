"""Alembic environment of the notify service."""

from notify import models  # noqa: F401  (registers every table on the metadata)
from notify.db import metadata
from notify.settings import NotifySettings
from servicekit.migrations import run_env

run_env(metadata, NotifySettings)
