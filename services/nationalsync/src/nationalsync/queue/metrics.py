"""Prometheus metrics of the national sync (exposed on the service's /metrics with servicekit's)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PUSHES = Counter(
    "nationalsync_pushes_total", "Calls to the national hub by kind and outcome", ["kind", "outcome"]
)
PUSH_SECONDS = Histogram(
    "nationalsync_push_duration_seconds",
    "Time the national hub took to answer one call",
    ["kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
PARKED = Counter(
    "nationalsync_parked_total",
    "Pushes parked for an operator (rejected by the hub, retries exhausted, procedure unknown)",
    ["kind", "reason"],
)
QUEUE_DOSSIERS = Gauge("nationalsync_queue_dossiers", "Dossiers by sync state", ["state"])
QUEUE_JOBS = Gauge("nationalsync_queue_jobs", "Sync jobs not yet sent, by state", ["state"])
OLDEST_PENDING_SECONDS = Gauge(
    "nationalsync_oldest_pending_seconds", "Age of the oldest pending sync job (0 when none)"
)
