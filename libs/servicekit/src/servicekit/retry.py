"""The retry schedule of outbound deliveries (notify's messages, nationalsync's pushes): exponential
backoff with a ceiling, a jitter, and when to give up. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    """Delays between tries of one delivery and when to stop trying."""

    base_seconds: float = 30.0
    max_delay_seconds: float = 3600.0
    max_attempts: int = 12
    max_age_seconds: float = 48 * 3600.0
    jitter: float = 0.1

    def delay(self, attempts: int, *, spread: float = 0.5) -> float:
        """Seconds to wait after the ``attempts``-th failed try: base·2^(attempts-1), capped.

        ``spread`` in [0, 1] picks where in ±jitter the delay lands (0.5 = no jitter), so replicas
        retrying after a shared outage do not all come back in the same second.
        """
        raw = min(self.max_delay_seconds, self.base_seconds * 2.0 ** max(0, attempts - 1))
        return float(min(self.max_delay_seconds, raw * (1 + self.jitter * (2 * spread - 1))))

    def gives_up(self, *, attempts: int, created_at: datetime, now: datetime) -> bool:
        """No more tries: the attempts are used up or the message is too old to still matter."""
        return attempts >= self.max_attempts or now - created_at >= timedelta(seconds=self.max_age_seconds)

    def next_attempt_at(
        self, *, attempts: int, created_at: datetime, now: datetime, spread: float = 0.5
    ) -> datetime | None:
        """When to try again after a temporary failure, or None to fail the message for good."""
        if self.gives_up(attempts=attempts, created_at=created_at, now=now):
            return None
        return now + timedelta(seconds=self.delay(attempts, spread=spread))
