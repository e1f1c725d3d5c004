"""Composition root of the workflow service."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.consumer import Handler
from workflow import models  # noqa: F401  (maps every table)
from workflow.clock import Clock, SystemClock
from workflow.consumers import handlers as build_handlers
from workflow.db import tables
from workflow.deadlines.watcher import DeadlineWatcher
from workflow.definitions.router import router as definitions_router
from workflow.directory.service import OfficerCache
from workflow.processes.router import router as processes_router
from workflow.settings import WorkflowSettings
from workflow.tasks.router import router as tasks_router


def create_app(settings: WorkflowSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or WorkflowSettings()
    clock = clock or SystemClock()

    def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers(runtime, clock)

    def workers(runtime: ServiceRuntime) -> Sequence[BackgroundWorker]:
        if not settings.watcher_enabled:
            return ()
        return (
            DeadlineWatcher(
                runtime.db,
                runtime.outbox,
                clock,
                interval=settings.watcher_interval_seconds,
                batch_size=settings.watcher_batch_size,
                soon_working_days=settings.due_soon_working_days,
            ),
        )

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua workflow — Xử lý hồ sơ",
        description=(
            "Giải quyết hồ sơ trong thời hạn (R-PROC-1…9): quy trình theo thủ tục, phân công, thẩm định, xác "
            "minh, lấy ý kiến, liên thông tuần tự, song song, khác cấp, yêu cầu bổ sung, gia hạn một lần, "
            "dừng, "
            "từ chối, phê duyệt, trả kết quả; theo dõi thời hạn theo ngày làm việc; lịch sử không sửa được."
        ),
        routers=[tasks_router, processes_router, definitions_router],
        handlers=handlers,
        workers=workers,
        openapi_tags=[
            {"name": "tasks", "description": "Hộp công việc và các thao tác xử lý của cán bộ"},
            {
                "name": "processes",
                "description": "Hồ sơ đang xử lý: quá trình, lịch sử, tài liệu, gia hạn, dừng",
            },
            {"name": "process-definitions", "description": "Quy trình xử lý theo thủ tục (quản trị cơ quan)"},
        ],
    )
    app.state.clock = clock
    app.state.officer_cache = OfficerCache()
    return app
