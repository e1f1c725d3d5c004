"""What feedback holds for the service's lifetime: the catalogue directory, the submission limiter and
the clock. Built by ``create_app`` and reachable as ``app.state.feedback``; it runs as a background
worker only to close its connections when the service stops."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from intake.feedback.directory import CalendarSource, CatalogDirectory
from intake.settings import IntakeSettings
from servicekit.clock import Clock
from servicekit.ratelimit import MemoryRateLimiter, RedisRateLimiter, rate_limiter


@dataclass
class FeedbackContext:
    settings: IntakeSettings
    directory: CatalogDirectory
    limiter: MemoryRateLimiter | RedisRateLimiter
    clock: Clock
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def build(
        cls, settings: IntakeSettings, clock: Clock, *, calendars: CalendarSource | None = None
    ) -> FeedbackContext:
        return cls(
            settings=settings,
            directory=CatalogDirectory(
                settings.service_base_url_catalog,
                ttl=settings.feedback_catalog_ttl_seconds,
                calendars=calendars,
            ),
            # Shared by every replica when REDIS_URL is set.
            limiter=rate_limiter(settings.redis_url),
            clock=clock,
        )

    async def run(self) -> None:
        await self._stopping.wait()
        await self.directory.close()
        await self.limiter.close()

    def stop(self) -> None:
        self._stopping.set()


def get_feedback_context(request: Request) -> FeedbackContext:
    context: FeedbackContext = request.app.state.feedback
    return context


FeedbackContextDep = Annotated[FeedbackContext, Depends(get_feedback_context)]
