"""Prometheus metrics of payments (on the service's /metrics with servicekit's)."""

from __future__ import annotations

from prometheus_client import Counter

GATEWAY_CALLBACKS = Counter(
    "payments_gateway_callbacks_total",
    "Gateway callbacks by kind and answer (IPN RspCode; the outcome shown by a return)",
    ["provider", "kind", "answer"],
)
SETTLEMENTS = Counter(
    "payments_settlements_total", "Reports of a payment's outcome by source and result", ["via", "result"]
)
CREDITED = Counter("payments_credited_total", "Orders paid, by method", ["method"])
CREDITED_VND = Counter("payments_credited_vnd_total", "Amount credited (VND), by method", ["method"])
REFUNDS = Counter("payments_refunds_total", "Refunds by method and final status", ["method", "status"])
