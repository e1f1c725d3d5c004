"""Alembic environment of the catalog service."""

from catalog import models  # noqa: F401  (registers every table on the metadata)
from catalog.db import metadata
from catalog.settings import CatalogSettings
from servicekit.migrations import run_env

run_env(metadata, CatalogSettings)
