"""Composition root of the intake service."""

from __future__ import annotations

from fastapi import FastAPI

from intake import models  # noqa: F401  (maps every table)
from intake.db import tables
from intake.dossiers.router import router as dossiers_router
from intake.settings import IntakeSettings
from servicekit.app import build_service_app


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua intake — Tiếp nhận hồ sơ",
        description="Intake: dossiers, submission, desk reception, lookup.",
        routers=[dossiers_router],
    )
