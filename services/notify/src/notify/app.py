"""Composition root of the notify service."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI

from notify import models  # noqa: F401  (maps every table)
from notify.channels.base import ChannelAdapter
from notify.channels.email import EmailChannel, SmtpConfig
from notify.channels.in_app import InAppChannel
from notify.consumers import build_handlers
from notify.db import tables
from notify.delivery.backoff import RetryPolicy
from notify.delivery.dispatcher import Dispatcher
from notify.inbox.router import router as inbox_router
from notify.kinds import Channel
from notify.messages.router import router as messages_router
from notify.notices.planner import Planner
from notify.recipients.router import router as preferences_router
from notify.settings import NotifySettings
from notify.templates.router import router as templates_router
from servicekit.app import BackgroundWorker, ServiceRuntime, build_service_app
from servicekit.consumer import Handler


def channel_adapters(settings: NotifySettings, runtime: ServiceRuntime) -> dict[Channel, ChannelAdapter]:
    """The channels this deployment sends on (the SMS adapter joins here when it exists)."""
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
    return {Channel.IN_APP: InAppChannel(runtime.db), Channel.EMAIL: EmailChannel(smtp)}


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
    # Channels are known before the lifespan runs (the planner needs their names, not their clients).
    available = (Channel.IN_APP, Channel.EMAIL)

    def handlers(runtime: ServiceRuntime) -> dict[str, Handler]:
        planner = Planner(runtime.outbox, available=available, portal_url=settings.portal_url)
        return build_handlers(planner)

    def workers(runtime: ServiceRuntime) -> Sequence[BackgroundWorker]:
        if not settings.dispatcher_enabled:
            return ()
        dispatcher = Dispatcher(
            runtime.db,
            runtime.outbox,
            channel_adapters(settings, runtime),
            retry_policy(settings),
            batch_size=settings.dispatch_batch_size,
            concurrency=settings.dispatch_concurrency,
            poll_seconds=settings.dispatch_poll_seconds,
            stale_after_seconds=settings.dispatch_stale_after_seconds,
        )
        return (dispatcher,)

    return build_service_app(
        settings=settings,
        tables=tables,
        title="motcua notify — Thông báo",
        description=(
            "Thông báo theo quy định (R-NOTI-3): mẫu thông báo có phiên bản, thư điện tử, hộp thư trên "
            "Cổng, tùy chọn nhận thông báo, trạng thái gửi và nhật ký các lần gửi."
        ),
        routers=[inbox_router, messages_router, templates_router, preferences_router],
        handlers=handlers,
        workers=workers,
        openapi_tags=[
            {"name": "inbox", "description": "Hộp thư trên Cổng của người dùng"},
            {"name": "messages", "description": "Trạng thái gửi thông báo"},
            {"name": "templates", "description": "Mẫu thông báo (quản trị)"},
            {"name": "preferences", "description": "Tùy chọn nhận thông báo"},
        ],
    )
