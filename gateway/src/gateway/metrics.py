"""Gateway metrics: per-upstream traffic and latency, and what the gateway refused itself."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

UPSTREAM_REQUESTS = Counter(
    "gateway_upstream_requests_total",
    "Requests proxied to an upstream, by the upstream's status (or unreachable / timeout)",
    ["upstream", "method", "status"],
)
UPSTREAM_LATENCY = Histogram(
    "gateway_upstream_request_duration_seconds",
    "Time from sending the request upstream to the last byte of its response",
    ["upstream"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
REJECTED = Counter(
    "gateway_rejected_total",
    "Requests the gateway answered itself with an error (not_found, unauthenticated, rate_limited, "
    "payload_too_large, bad_gateway, gateway_timeout …)",
    ["code"],
)
RATE_LIMITED = Counter(
    "gateway_rate_limited_total", "Requests refused with 429, by rate-limit rule", ["rule"]
)
OPENAPI_UNAVAILABLE = Counter(
    "gateway_openapi_fetch_failures_total",
    "Upstream OpenAPI documents that could not be fetched",
    ["upstream"],
)
