"""Prometheus metrics shared by every service: HTTP latency, outbox lag, consumer lag, DLQ count."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_PENDING = Gauge("outbox_pending_events", "Committed outbox rows not yet published", ["service"])
OUTBOX_LAG_SECONDS = Gauge(
    "outbox_lag_seconds", "Age of the oldest unpublished outbox row (0 when none)", ["service"]
)
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox rows published to Kafka", ["service"])
CONSUMER_LAG = Gauge(
    "consumer_lag_events", "Records behind the end of the partition", ["service", "topic", "partition"]
)
CONSUMED = Counter("consumer_events_total", "Events consumed", ["service", "type", "outcome"])
DLQ_EVENTS = Counter("dlq_events_total", "Events parked on a dead-letter topic", ["service", "topic"])


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Pure ASGI middleware timing each request by its route template (bounded label cardinality)."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            HTTP_LATENCY.labels(self.service, method, template).observe(time.perf_counter() - start)
            HTTP_REQUESTS.labels(self.service, method, template, str(status)).inc()
