"""Composition root of the notify service."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from notify import models  # noqa: F401  (maps every table)
from notify.channels.base import ChannelAdapter
from notify.channels.email import EmailChannel, SmtpConfig
from notify.channels.in_app import InAppChannel
from notify.channels.sms import SmsChannel, SmsProviderConfig
from notify.channels.webhook import WebhookChannel
from notify.consumers import build_handlers
from notify.db import tables
from notify.delivery.backoff import RetryPolicy
from notify.delivery.dispatcher import Dispatcher
from notify.inbox.router import router as inbox_router
from notify.kinds import Channel
from notify.messages.router import router as messages_router
from notify.otp.router import router as otp_router
from notify.recipients.router import router as preferences_router
from notify.settings import NotifySettings
from notify.sms.router import router as sms_router
from notify.templates.router import router as templates_router
from notify.webhooks.router import router as webhooks_router
from notify.wiring import Wiring
from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.consumer import Handler

DELIVERY_REPORTS_PATH = "/v1/sms/delivery-reports"


def channel_adapters(wiring: Wiring, runtime: ServiceRuntime) -> dict[Channel, ChannelAdapter]:
    """The channels this deployment sends on (SMS only when a provider is configured)."""
    settings = wiring.settings
    smtp = SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        use_tls=settings.smtp_use_tls,
        timeout=settings.smtp_timeout_seconds,
    )
    adapters: dict[Channel, ChannelAdapter] = {
        Channel.IN_APP: InAppChannel(runtime.db),
        Channel.EMAIL: EmailChannel(smtp),
        Channel.WEBHOOK: WebhookChannel(runtime.db, wiring.cipher, timeout=settings.webhook_timeout_seconds),
    }
    if settings.sms_enabled:
        adapters[Channel.SMS] = SmsChannel(
            SmsProviderConfig(
                base_url=settings.sms_provider_url,
                api_key=settings.sms_provider_api_key,
                secret_key=settings.sms_provider_secret_key,
                brandname=settings.sms_provider_brandname,
                sms_type=settings.sms_provider_sms_type,
                callback_url=f"{settings.callback_base_url}{DELIVERY_REPORTS_PATH}?token={settings.sms_dlr_token}",
                timeout=settings.sms_timeout_seconds,
            )
        )
    return adapters


def retry_policy(settings: NotifySettings) -> RetryPolicy:
    return RetryPolicy(
        base_seconds=settings.retry_base_seconds,
        max_delay_seconds=settings.retry_max_delay_seconds,
        max_attempts=settings.retry_max_attempts,
        max_age_seconds=settings.retry_max_age_seconds,
        jitter=settings.retry_jitter,
    )


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    settings = settings or NotifySettings()
    # Channels and limits are known before the lifespan runs (the planner needs names, not clients).
    wiring = Wiring.from_settings(settings)

    def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers(wiring.planner(runtime.outbox))

    def workers(runtime: ServiceRuntime) -> Sequence[BackgroundWorker]:
        if not settings.dispatcher_enabled:
            return ()
        dispatcher = Dispatcher(
            runtime.db,
            runtime.outbox,
            channel_adapters(wiring, runtime),
            retry_policy(settings),
            batch_size=settings.dispatch_batch_size,
            concurrency=settings.dispatch_concurrency,
            poll_seconds=settings.dispatch_poll_seconds,
            stale_after_seconds=settings.dispatch_stale_after_seconds,
        )
        return (dispatcher,)

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua notify — Thông báo",
        description=(
            "Thông báo theo quy định (R-NOTI-3): mẫu thông báo có phiên bản, thư điện tử, SMS, hộp thư "
            "trên Cổng, webhook có chữ ký cho hệ thống của bộ, ngành, tùy chọn nhận thông báo, trạng thái "
            "gửi và nhật ký các lần gửi; tra cứu hồ sơ qua SMS (R-LOOK-2)."
        ),
        routers=[
            inbox_router,
            messages_router,
            templates_router,
            preferences_router,
            webhooks_router,
            sms_router,
            otp_router,
        ],
        handlers=handlers,
        workers=workers,
        openapi_tags=[
            {"name": "inbox", "description": "Hộp thư trên Cổng của người dùng"},
            {"name": "messages", "description": "Trạng thái gửi thông báo"},
            {"name": "templates", "description": "Mẫu thông báo (quản trị)"},
            {"name": "preferences", "description": "Tùy chọn nhận thông báo"},
            {"name": "webhooks", "description": "Webhook cho hệ thống của bộ, ngành, địa phương"},
            {"name": "sms", "description": "Lời gọi lại của nhà cung cấp SMS (không qua gateway)"},
            {"name": "internal", "description": "Nội bộ giữa các dịch vụ (không qua gateway)"},
        ],
    )
    app.state.notify = wiring
    return app
