"""Composition root of the intake service."""

from __future__ import annotations

from fastapi import FastAPI

from intake import models  # noqa: F401  (maps every table)
from intake.attachments.router import router as attachments_router
from intake.attachments.store_router import router as store_router
from intake.consumers import build_handlers
from intake.context import Intake
from intake.db import tables
from intake.dossiers.router import router as dossiers_router
from intake.feedback.context import FeedbackContext
from intake.feedback.router import public_router as feedback_public_router
from intake.feedback.router import router as feedback_router
from intake.feedback.watcher import FeedbackWatcher
from intake.lookup.router import router as lookup_router
from intake.ratings.router import router as ratings_router
from intake.reception.letters import LetterWorker
from intake.reception.letters_router import router as letters_router
from intake.reception.results_router import router as results_router
from intake.reception.router import router as reception_router
from intake.settings import IntakeSettings
from intake.submission.router import router as submission_router
from intake.submission.router import supplement_router, withdrawal_router
from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.clock import Clock, SystemClock
from servicekit.consumer import Handler


def create_app(settings: IntakeSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or IntakeSettings()
    intake = Intake.build(settings)
    clock = clock or SystemClock()
    feedback = FeedbackContext.build(settings, clock, calendars=intake.catalog)

    def handlers(_: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers(intake)

    def workers(runtime: ServiceRuntime) -> list[BackgroundWorker]:
        watcher = FeedbackWatcher(
            runtime.db, runtime.outbox, clock, interval=settings.feedback_watch_interval_seconds
        )
        return [intake, LetterWorker(intake, runtime.db), feedback, watcher]

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua intake — Tiếp nhận hồ sơ",
        description=(
            "Hồ sơ nháp và tờ khai điện tử, giấy tờ đính kèm, nộp hồ sơ có xác nhận OTP hoặc chữ ký số, "
            "mã số hồ sơ, tiếp nhận tại Bộ phận Một cửa, phiếu tiếp nhận, tra cứu, rút hồ sơ, trả kết quả."
        ),
        # The store's static paths come before /v1/dossiers/{dossier_id}.
        routers=[
            store_router,
            dossiers_router,
            attachments_router,
            submission_router,
            supplement_router,
            withdrawal_router,
            letters_router,
            results_router,
            reception_router,
            lookup_router,
            # The public Q&A's static path comes before /v1/feedback/{feedback_id}.
            feedback_public_router,
            feedback_router,
            ratings_router,
        ],
        handlers=handlers,
        workers=workers,
        openapi_tags=[
            {"name": "dossiers", "description": "Hồ sơ của người nộp: bản nháp, tờ khai, theo dõi"},
            {
                "name": "documents",
                "description": "Giấy tờ của hồ sơ: tải lên, tải nhiều phần, dùng lại, tải về",
            },
            {"name": "document-store", "description": "Kho giấy tờ của công dân (R-INT-5)"},
            {"name": "submission", "description": "Nộp hồ sơ: xác nhận bằng mã OTP hoặc chữ ký số (R-ID-3)"},
            {"name": "letters", "description": "Phiếu do hệ thống lập: tiếp nhận, yêu cầu bổ sung, từ chối"},
            {
                "name": "reception",
                "description": "Bộ phận một cửa: hàng chờ, nhận hồ sơ giấy, quyết định tiếp nhận",
            },
            {"name": "feedback", "description": "Phản ánh, kiến nghị: gửi, theo dõi, trả lời (R-FB-4)"},
            {"name": "feedback-public", "description": "Hỏi đáp công khai (R-FB-4)"},
            {"name": "ratings", "description": "Đánh giá mức độ hài lòng (R-FB-5)"},
        ],
    )
    app.state.intake = intake
    app.state.clock = clock
    app.state.feedback = feedback
    return app
