"""Composition root of the catalog service."""

from __future__ import annotations

from fastapi import FastAPI

from catalog.db import tables
from catalog.settings import CatalogSettings
from servicekit.app import build_service_app


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua catalog — Danh mục TTHC",
        description="Catalogue: agencies, procedures, e-forms, fees and public statistics.",
    )
