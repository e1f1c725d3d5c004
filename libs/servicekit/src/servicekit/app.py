"""The composition root every service uses: ``build_service_app`` wires servicekit around its routers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.routing import Route

from servicekit import metrics
from servicekit.auth import CachingTokenVerifier, JWKSSource, TokenVerifier
from servicekit.consumer import EventConsumer, Handler
from servicekit.db import Database
from servicekit.errors import install_error_handlers, problem_response
from servicekit.http import RequestContextMiddleware
from servicekit.i18n import Text
from servicekit.kafka import KafkaClients, ensure_topics
from servicekit.logging import configure_logging
from servicekit.outbox import Outbox, OutboxRelay
from servicekit.settings import ServiceSettings
from servicekit.tables import KitTables

log = structlog.get_logger("servicekit.app")


def operation_id(route: APIRoute) -> str:
    """Stable operation ids (``<tag>-<name>``) so generated clients do not churn."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


class BackgroundWorker(Protocol):
    """A long-running task of a service (a dispatcher, a watcher): ``run`` until ``stop`` is called.

    ``stop`` must make ``run`` return promptly after finishing the work in hand (graceful shutdown).
    """

    async def run(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class ServiceRuntime:
    """What a running service holds; reachable as ``app.state.runtime``."""

    settings: ServiceSettings
    db: Database
    tables: KitTables
    kafka: KafkaClients
    outbox: Outbox
    relay: OutboxRelay | None = None
    consumer: EventConsumer | None = None
    workers: list[BackgroundWorker] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


def build_service_app(
    *,
    settings: ServiceSettings,
    tables: KitTables,
    title: str,
    description: str,
    version: str = "0.1.0",
    routers: Sequence[APIRouter] = (),
    handlers: Callable[[ServiceRuntime], Mapping[str, Handler]] | None = None,
    produces_events: bool = True,
    on_startup: Sequence[Callable[[ServiceRuntime], Awaitable[None]]] = (),
    workers: Callable[[ServiceRuntime], Sequence[BackgroundWorker]] | None = None,
    openapi_tags: list[dict[str, Any]] | None = None,
) -> FastAPI:
    """Build a service: DB, Kafka, outbox relay, consumers, auth, errors, health, metrics and logs.

    ``workers(runtime)`` gives the service's own background workers; each runs as a task for the
    app's lifetime and is stopped (then awaited) on shutdown, like the relay and the consumer.
    """
    service = settings.service_name
    configure_logging(service, level=settings.log_level, json=settings.log_json)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url, pool_size=settings.db_pool_size)
        kafka = KafkaClients(settings.kafka_bootstrap_servers, service=service)
        runtime = ServiceRuntime(
            settings=settings, db=db, tables=tables, kafka=kafka, outbox=Outbox(tables, service=service)
        )
        app.state.runtime = runtime
        app.state.token_verifier = _verifier(settings)
        if settings.environment != "production":
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ensure_topics(settings.kafka_bootstrap_servers), 10)
        if produces_events and settings.relay_enabled:
            runtime.relay = OutboxRelay(
                db,
                tables,
                service=service,
                producer_factory=kafka.producer,
                cluster_id=settings.kafka_cluster_id,
            )
            runtime.tasks.append(asyncio.create_task(runtime.relay.run(), name=f"{service}-outbox-relay"))
        if handlers and settings.consumers_enabled:
            runtime.consumer = EventConsumer(
                db,
                tables,
                service=service,
                handlers=handlers(runtime),
                consumer_factory=kafka.consumer,
                producer_factory=kafka.producer,
                max_attempts=settings.consumer_max_attempts,
                backoff_seconds=settings.consumer_backoff_seconds,
            )
            runtime.tasks.append(asyncio.create_task(runtime.consumer.run(), name=f"{service}-consumer"))
        for worker in workers(runtime) if workers else ():
            runtime.workers.append(worker)
            runtime.tasks.append(asyncio.create_task(worker.run(), name=f"{service}-{type(worker).__name__}"))
        for hook in on_startup:
            await hook(runtime)
        log.info("service_started", service=service)
        try:
            yield
        finally:
            # Graceful shutdown: let the relay finish its batch and the consumer its record, then close.
            if runtime.relay:
                runtime.relay.stop()
            if runtime.consumer:
                runtime.consumer.stop()
            for worker in runtime.workers:
                worker.stop()
            if runtime.tasks:
                _, pending = await asyncio.wait(runtime.tasks, timeout=10)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
            await kafka.close()
            await db.dispose()
            log.info("service_stopped", service=service)

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        openapi_tags=openapi_tags,
        responses={
            "default": {
                "description": "Lỗi (RFC 9457 problem+json)",
                "content": {"application/problem+json": {}},
            }
        },
    )
    install_error_handlers(app)
    app.add_middleware(metrics.MetricsMiddleware, service=service)
    app.add_middleware(RequestContextMiddleware)
    app.router.routes.append(Route("/metrics", metrics.metrics_endpoint, include_in_schema=False))

    @app.get("/healthz", tags=["ops"], include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @app.get("/readyz", tags=["ops"], include_in_schema=False)
    async def readyz() -> JSONResponse:
        runtime: ServiceRuntime = app.state.runtime
        checks: dict[str, str] = {}
        try:
            await asyncio.wait_for(runtime.db.ping(), 3)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        try:
            await runtime.kafka.ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
        if all(v == "ok" for v in checks.values()):
            return JSONResponse({"status": "ready", "service": service, "checks": checks})
        response = problem_response(
            503,
            "not_ready",
            Text("Dịch vụ chưa sẵn sàng", "Service not ready"),
            ", ".join(f"{k}: {v}" for k, v in checks.items()),
        )
        return response

    for router in routers:
        app.include_router(router)
    return app


def _verifier(settings: ServiceSettings) -> TokenVerifier | None:
    if not (settings.oidc_jwks_url or settings.oidc_jwks_file):
        return None
    source = JWKSSource(url=settings.oidc_jwks_url, file=settings.oidc_jwks_file)
    return CachingTokenVerifier(source, issuer=settings.oidc_issuer, audience=settings.oidc_audience)


def runtime_of(app: FastAPI) -> ServiceRuntime:
    runtime: ServiceRuntime = app.state.runtime
    return runtime
