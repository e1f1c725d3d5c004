"""The retry schedule of deliveries: servicekit's ``RetryPolicy`` (shared with nationalsync)."""

from servicekit.retry import RetryPolicy

__all__ = ["RetryPolicy"]
