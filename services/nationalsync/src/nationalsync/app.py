"""Composition root of the nationalsync service."""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from fastapi import FastAPI

from nationalsync import models  # noqa: F401  (maps every table)
from nationalsync.consumers import build_handlers
from nationalsync.db import tables
from nationalsync.directory.catalog import CatalogClient
from nationalsync.directory.service import Directory
from nationalsync.hub.client import HubClient, HubConfig
from nationalsync.operations.router import router as operations_router
from nationalsync.queue.dispatcher import Dispatcher
from nationalsync.queue.monitor import QueueMonitor
from nationalsync.settings import NationalSyncSettings
from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.consumer import Handler
from servicekit.retry import RetryPolicy

log = structlog.get_logger("nationalsync.app")


def retry_policy(settings: NationalSyncSettings) -> RetryPolicy:
    return RetryPolicy(
        base_seconds=settings.retry_base_seconds,
        max_delay_seconds=settings.retry_max_delay_seconds,
        max_attempts=settings.retry_max_attempts,
        max_age_seconds=settings.retry_max_age_seconds,
        jitter=settings.retry_jitter,
    )


def hub_client(settings: NationalSyncSettings) -> HubClient:
    return HubClient(
        HubConfig(
            base_url=settings.hub_url,
            token_url=settings.token_url,
            client_id=settings.hub_client_id,
            client_secret=settings.hub_client_secret,
            records_path=settings.hub_records_path,
            progress_path=settings.hub_progress_path,
            timeout=settings.hub_timeout_seconds,
        )
    )


def dispatcher(settings: NationalSyncSettings, runtime: ServiceRuntime) -> Dispatcher:
    catalog = CatalogClient(settings.service_base_url_catalog, timeout=settings.catalog_timeout_seconds)
    return Dispatcher(
        runtime.db,
        hub_client(settings),
        Directory(runtime.db, catalog),
        retry_policy(settings),
        batch_size=settings.dispatch_batch_size,
        concurrency=settings.dispatch_concurrency,
        poll_seconds=settings.dispatch_poll_seconds,
        lease_seconds=settings.dispatch_lease_seconds,
        progress_batch_size=settings.progress_batch_size,
    )


def create_app(settings: NationalSyncSettings | None = None) -> FastAPI:
    settings = settings or NationalSyncSettings()

    def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers()

    def workers(runtime: ServiceRuntime) -> Sequence[BackgroundWorker]:
        running: list[BackgroundWorker] = [
            QueueMonitor(
                runtime.db,
                interval_seconds=settings.metrics_interval_seconds,
                retention_days=settings.history_retention_days,
            )
        ]
        if not settings.hub_enabled:
            log.warning(
                "national_hub_not_configured", hint="set NATIONAL_HUB_URL; records are queued meanwhile"
            )
        elif settings.dispatcher_enabled:
            running.append(dispatcher(settings, runtime))
        return running

    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua nationalsync — Đồng bộ Cổng Dịch vụ công quốc gia",
        description=(
            "Đồng bộ trạng thái hồ sơ với Cổng Dịch vụ công quốc gia (R-OPS-5, R-FMT-4): mỗi thay đổi "
            "trạng thái và mỗi bước xử lý của hồ sơ được đẩy lên Cổng quốc gia, thử lại khi Cổng quốc "
            "gia gián đoạn; quản trị viên xem các lần đồng bộ lỗi, số lượng theo trạng thái, thử lại và "
            "lịch sử đồng bộ của từng hồ sơ."
        ),
        routers=[operations_router],
        handlers=handlers,
        produces_events=False,
        workers=workers,
        openapi_tags=[
            {"name": "national-sync", "description": "Đồng bộ với Cổng Dịch vụ công quốc gia (quản trị)"},
        ],
    )
