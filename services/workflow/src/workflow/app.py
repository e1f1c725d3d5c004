"""Composition root of the workflow service."""

from __future__ import annotations

from fastapi import FastAPI

from servicekit.app import build_service_app
from workflow import models  # noqa: F401  (maps every table)
from workflow.consumers import handlers
from workflow.db import tables
from workflow.processes.router import router as processes_router
from workflow.settings import WorkflowSettings


def create_app(settings: WorkflowSettings | None = None) -> FastAPI:
    settings = settings or WorkflowSettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua workflow — Xử lý hồ sơ",
        description="Workflow: processing within legal deadlines.",
        routers=[processes_router],
        handlers=handlers,
    )
