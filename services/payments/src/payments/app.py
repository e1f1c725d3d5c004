"""Composition root of the payments service."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from fastapi import FastAPI

from payments import models  # noqa: F401  (maps every table)
from payments.banktransfer.router import router as bank_transfer_router
from payments.consumers import build_handlers
from payments.db import tables
from payments.gateways.vnpay.router import router as vnpay_router
from payments.orders.expiry import Housekeeper
from payments.orders.router import router as payments_router
from payments.reconciliation.router import router as reconciliation_router
from payments.reconciliation.scheduler import ReconciliationScheduler
from payments.refunds.dispatcher import RefundDispatcher
from payments.refunds.router import router as refunds_router
from payments.settings import PaymentsSettings
from payments.wiring import Wiring
from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.consumer import Handler


class AdapterLifetime:
    """Closes the adapters' HTTP clients when the service stops (after the other workers)."""

    def __init__(self, wiring: Wiring) -> None:
        self.wiring = wiring
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        await self._stopping.wait()
        await self.wiring.close()

    def stop(self) -> None:
        self._stopping.set()


def create_app(settings: PaymentsSettings | None = None, *, wiring: Wiring | None = None) -> FastAPI:
    settings = settings or PaymentsSettings()
    wired = wiring or Wiring.from_settings(settings)

    def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers(wired, runtime.outbox)

    def workers(runtime: ServiceRuntime) -> Sequence[BackgroundWorker]:
        running: list[BackgroundWorker] = []
        if not settings.workers_enabled:
            return [AdapterLifetime(wired)]
        if settings.housekeeper_enabled:
            running.append(
                Housekeeper(runtime.db, runtime.outbox, wired, poll_seconds=settings.expiry_poll_seconds)
            )
        running.append(
            RefundDispatcher(
                runtime.db,
                runtime.outbox,
                wired.gateways,
                poll_seconds=settings.refund_poll_seconds,
                retry_seconds=settings.refund_retry_seconds,
                max_attempts=settings.refund_max_attempts,
            )
        )
        if settings.reconciliation_enabled:
            running.append(
                ReconciliationScheduler(
                    runtime.db,
                    runtime.outbox,
                    wired.vnpay,  # the gateway whose daily report is reconciled
                    hour=settings.reconciliation_hour,
                    poll_seconds=settings.reconciliation_poll_seconds,
                )
            )
        return [*running, AdapterLifetime(wired)]

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua payments — Thanh toán",
        description=(
            "Phí, lệ phí của hồ sơ (R-PAY-3…5): yêu cầu thanh toán theo biểu phí của thủ tục, "
            "thanh toán trực tuyến qua VNPay (IPN xác nhận, R-FMT-6), chuyển khoản có mã thanh toán "
            "đối chiếu theo sao kê, "
            "tiền mặt tại Bộ phận Một cửa có biên lai; hoàn tiền khi cơ quan không thực hiện được dịch vụ "
            "(R-PAY-4); đối soát hằng ngày với cổng thanh toán."
        ),
        routers=[
            reconciliation_router,
            refunds_router,
            payments_router,
            vnpay_router,
            bank_transfer_router,
        ],
        handlers=handlers,
        workers=workers,
        openapi_tags=[
            {"name": "payments", "description": "Yêu cầu thanh toán của hồ sơ"},
            {"name": "refunds", "description": "Hoàn phí, lệ phí (R-PAY-4)"},
            {"name": "payment-gateways", "description": "Cổng thanh toán VNPay: IPN và trang kết quả"},
            {"name": "bank-transfer", "description": "Chuyển khoản: tài khoản công bố, sao kê"},
            {"name": "reconciliation", "description": "Đối soát với cổng thanh toán"},
        ],
    )
    app.state.payments = wired
    return app
