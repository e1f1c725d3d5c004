"""Settings of the workflow service (env prefix ``WORKFLOW_``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from servicekit.settings import ServiceSettings


class WorkflowSettings(ServiceSettings):
    service_name: ClassVar[str] = "workflow"
    model_config = SettingsConfigDict(env_prefix="WORKFLOW_", extra="ignore", populate_by_name=True)

    watcher_enabled: bool = True
    #: Seconds between two passes of the deadline watcher (every replica runs one; see ADR).
    watcher_interval_seconds: float = Field(default=60.0, gt=0)
    #: Rows the watcher handles per transaction.
    watcher_batch_size: int = Field(default=200, ge=1, le=5000)
    #: A deadline is "due soon" when this many working days or fewer are left (R-PROC-8: one).
    due_soon_working_days: int = Field(default=1, ge=0, le=10)
    #: Largest file an officer may attach to an action.
    max_document_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
