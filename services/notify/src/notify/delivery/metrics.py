"""Prometheus metrics of delivery (exposed on the service's /metrics with servicekit's)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

SEND_ATTEMPTS = Counter(
    "notify_send_attempts_total", "Send attempts by channel and outcome", ["channel", "outcome"]
)
SEND_SECONDS = Histogram(
    "notify_send_duration_seconds",
    "Time a channel took to answer one send",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUEUE_SECONDS = Histogram(
    "notify_delivery_latency_seconds",
    "From message creation to its final outcome (delivered or failed for good)",
    ["channel", "status"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600),
)
