"""Composition root of the notify service."""

from __future__ import annotations

from fastapi import FastAPI

from notify import models  # noqa: F401  (maps every table)
from notify.consumers import handlers
from notify.db import tables
from notify.inbox.router import router as inbox_router
from notify.settings import NotifySettings
from servicekit.app import build_service_app


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    settings = settings or NotifySettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua notify — Thông báo",
        description="Notify: in-app inbox, email, SMS and webhooks.",
        routers=[inbox_router],
        handlers=handlers,
    )
