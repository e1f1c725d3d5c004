"""Settings of the workflow service (env prefix ``WORKFLOW_``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class WorkflowSettings(ServiceSettings):
    service_name: ClassVar[str] = "workflow"
    model_config = SettingsConfigDict(env_prefix="WORKFLOW_", extra="ignore", populate_by_name=True)
