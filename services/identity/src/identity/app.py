"""Composition root of the identity service."""

from __future__ import annotations

from fastapi import FastAPI

from identity.db import tables
from identity.settings import IdentitySettings
from servicekit.app import build_service_app


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    settings = settings or IdentitySettings()
    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua identity — Định danh",
        description="Identity: accounts, OTP and the suite's OpenID Provider.",
    )
