"""Composition root of the workflow service."""

from __future__ import annotations

from fastapi import FastAPI

from workflow.db import tables
from workflow.settings import WorkflowSettings
from servicekit.app import build_service_app


def create_app(settings: WorkflowSettings | None = None) -> FastAPI:
    settings = settings or WorkflowSettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua workflow — Xử lý hồ sơ",
        description="Workflow: processing within legal deadlines.",
    )
