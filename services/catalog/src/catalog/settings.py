"""Settings of the catalog service (env prefix ``CATALOG_``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    service_name: ClassVar[str] = "catalog"
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore", populate_by_name=True)

    # Public statistics are computed at most once per this many seconds per question (0: always).
    statistics_cache_seconds: float = Field(default=60.0, ge=0)
    # R-OPS-1: whole working days of notice before a maintenance window, and its longest duration.
    maintenance_notice_working_days: int = Field(default=1, ge=1)
    maintenance_max_hours: int = Field(default=72, ge=1, le=24 * 14)
