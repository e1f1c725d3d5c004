"""The gateway's own endpoints: health, readiness, metrics, the merged OpenAPI document and the docs page."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from gateway.docs import render_docs
from gateway.openapi import Document, OpenAPIAggregator
from gateway.runtime import GatewayRuntime
from servicekit.errors import problem_response
from servicekit.i18n import Text
from servicekit.metrics import metrics_endpoint

OWN_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"})
NOT_READY = Text("Cổng API chưa sẵn sàng", "Gateway not ready")


def build_ops_app(runtime: GatewayRuntime, aggregator: OpenAPIAggregator) -> Starlette:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "service": "gateway"})

    async def readyz(_: Request) -> Response:
        # Ready means "this gateway can proxy": one service being down must not take every gateway
        # replica out of the load balancer, so upstream reachability is reported, not required.
        session = runtime.session
        if session is None:
            return problem_response(503, "not_ready", NOT_READY, None)
        services = sorted(runtime.upstreams)
        results = await asyncio.gather(*(_probe(session, runtime.upstreams[s]) for s in services))
        upstreams = dict(zip(services, results, strict=True))
        degraded = any(r["status"] != "up" for r in upstreams.values())
        return JSONResponse({"status": "degraded" if degraded else "ready", "upstreams": upstreams})

    async def openapi(request: Request) -> Response:
        return JSONResponse(await _document(request))

    async def docs(request: Request) -> Response:
        return HTMLResponse(render_docs(await _document(request)))

    async def _document(request: Request) -> Document:
        assert runtime.session is not None
        merged = await aggregator.document(runtime.session)
        server = runtime.settings.public_url or str(request.base_url).rstrip("/")
        return {**merged, "servers": [{"url": server, "description": "Cổng API motcua"}]}

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET", "HEAD"]),
            Route("/readyz", readyz, methods=["GET", "HEAD"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET", "HEAD"]),
            Route("/docs", docs, methods=["GET", "HEAD"]),
        ]
    )


async def _probe(session: aiohttp.ClientSession, base_url: str) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with session.get(f"{base_url}/healthz", timeout=aiohttp.ClientTimeout(total=1.0)) as response:
            await response.read()
            status = "up" if response.status < 500 else "down"
            result: dict[str, Any] = {"status": status, "http_status": response.status}
    except (aiohttp.ClientError, TimeoutError) as exc:
        result = {"status": "down", "error": type(exc).__name__}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result
