"""Composition root of the payments service."""

from __future__ import annotations

from fastapi import FastAPI

from payments.db import tables
from payments.settings import PaymentsSettings
from servicekit.app import build_service_app


def create_app(settings: PaymentsSettings | None = None) -> FastAPI:
    settings = settings or PaymentsSettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua payments — Thanh toán",
        description="Payments: fees and charges, refunds, reconciliation.",
    )
