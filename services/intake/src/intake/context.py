"""What the intake service holds for its lifetime besides the database: clients of other services.

Built once by ``create_app`` (the composition root) and reachable as ``app.state.intake``. It runs as
a background worker only to close its connections when the service stops.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from intake.catalog.client import CatalogClient
from intake.identity_client import IdentityClient
from intake.settings import IntakeSettings
from intake.submission.signature import SignatureVerifier, load_trust_roots
from servicekit.ratelimit import MemoryRateLimiter, RedisRateLimiter, rate_limiter
from servicekit.storage import LocalStorage, S3Storage, Storage


@dataclass
class Intake:
    settings: IntakeSettings
    catalog: CatalogClient
    identity: IdentityClient
    storage: Storage
    signatures: SignatureVerifier
    limiter: MemoryRateLimiter | RedisRateLimiter
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    def build(cls, settings: IntakeSettings) -> Intake:
        return cls(
            settings=settings,
            catalog=CatalogClient(
                settings.service_base_url_catalog,
                timeout=settings.http_timeout_seconds,
                cache_size=settings.catalog_cache_size,
                ttl=settings.catalog_ttl_seconds,
                in_force_ttl=settings.in_force_ttl_seconds,
            ),
            identity=IdentityClient(
                settings.service_base_url_identity,
                token_url=settings.identity_token_url,
                client_id=settings.client_id,
                client_secret=settings.client_secret,
                timeout=settings.http_timeout_seconds,
            ),
            storage=storage_of(settings),
            signatures=SignatureVerifier(load_trust_roots(settings.signature_trust_roots)),
            limiter=rate_limiter(settings.redis_url),
        )

    async def run(self) -> None:
        await self._stopping.wait()
        await self.catalog.close()
        await self.identity.close()
        await self.storage.close()
        await self.limiter.close()

    def stop(self) -> None:
        self._stopping.set()


def storage_of(settings: IntakeSettings) -> Storage:
    if settings.storage_backend == "s3":
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            create_bucket=settings.environment != "production",
        )
    return LocalStorage(settings.storage_dir)


def get_intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(get_intake)]
