"""Composition root of the gateway: ``uvicorn gateway.app:create_app --factory --port 8000``.

Layers, outermost first: request context (request id, traceparent, language, access log) → CORS
(preflights answered here) → maintenance gate (503 during a window, R-OPS-1) → own endpoints |
[proxy middleware slot] → proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.maintenance import MaintenanceGate
from gateway.openapi import OpenAPIAggregator
from gateway.ops import OWN_PATHS, build_ops_app
from gateway.proxy import GatewayProxy
from gateway.runtime import GatewayRuntime
from gateway.settings import GatewaySettings
from servicekit.http import RequestContextMiddleware
from servicekit.logging import configure_logging

ProxyMiddleware = Callable[[ASGIApp], ASGIApp]
CORS_ALLOW_HEADERS = (
    "Authorization",
    "Content-Type",
    "Accept-Language",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "X-Request-ID",
    "traceparent",
    "tracestate",
)


class Gateway:
    """The ASGI application: runs the lifespan (upstream pool, rate limiter) and dispatches requests."""

    def __init__(self, runtime: GatewayRuntime, app: ASGIApp) -> None:
        self.runtime = runtime
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.app(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        else:  # websockets are not proxied
            await send({"type": "websocket.close", "code": 1008})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.runtime.start()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": f"{type(exc).__name__}: {exc}"})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # Graceful: uvicorn has stopped accepting and drained in-flight requests before this.
                await self.runtime.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


class _Dispatch:
    def __init__(self, own: ASGIApp, proxy: ASGIApp) -> None:
        self.own = own
        self.proxy = proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self.own if scope["path"] in OWN_PATHS else self.proxy
        await target(scope, receive, send)


class _CorsWhenOrigin(CORSMiddleware):
    """Starlette's CORS, skipped for requests without an Origin header (servers, curl, mobile apps)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        for name, _ in scope["headers"]:
            if name == b"origin":
                return await super().__call__(scope, receive, send)
        return await self.app(scope, receive, send)


def create_app(
    settings: GatewaySettings | None = None, *, proxy_middleware: Sequence[ProxyMiddleware] = ()
) -> Gateway:
    """Build the gateway. ``proxy_middleware`` wraps the proxy, innermost last (a seam for answering
    before a service is called); portal-wide maintenance windows are the gate's (``gateway.maintenance``)."""
    settings = settings or GatewaySettings()
    configure_logging("gateway", level=settings.log_level, json=settings.log_json)
    runtime = GatewayRuntime.from_settings(settings)
    aggregator = OpenAPIAggregator(
        runtime.upstreams,
        runtime.routes,
        ttl=settings.openapi_ttl,
        fetch_timeout=settings.openapi_fetch_timeout,
    )
    proxy: ASGIApp = GatewayProxy(runtime)
    for middleware in reversed(proxy_middleware):
        proxy = middleware(proxy)
    app: ASGIApp = _Dispatch(build_ops_app(runtime, aggregator), proxy)
    if settings.maintenance_enabled:
        app = MaintenanceGate(app, runtime.maintenance, runtime.maintenance_exempt)
    app = _CorsWhenOrigin(
        app,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=CORS_ALLOW_HEADERS,
        allow_credentials=settings.cors_allow_credentials,
        expose_headers=settings.cors_expose_headers,
        max_age=600,
    )
    app = RequestContextMiddleware(app, access_log_enabled=settings.access_log == "all")
    return Gateway(runtime, app)
