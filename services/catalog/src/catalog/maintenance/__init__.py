"""Maintenance windows of the portal (R-OPS-1): scheduled by system administrators at least one working
day ahead, announced publicly, enforced by the gateway (503 with Retry-After)."""
