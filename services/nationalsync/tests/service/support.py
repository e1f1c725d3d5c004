"""Helpers of nationalsync's service tests: the running service, the hub simulator, event publishing."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import select

from contracts.events import (
    ACCOUNT_REGISTERED,
    AGENCY_UPDATED,
    PROCEDURE_PUBLISHED,
    AccountKind,
    AccountRegistered,
    AgencyUpdated,
    ProcedurePublished,
    spec_for,
)
from servicekit.app import ServiceRuntime
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import publish
from services.nationalsync.tests.events import AGENCY, OFFICER, PROCEDURE, Life
from simulators.testing import RunningNationalHub

# Retries in tenths of a second so outage tests take seconds, not hours.
FAST: dict[str, Any] = {
    "retry_base_seconds": 0.1,
    "retry_max_delay_seconds": 0.4,
    "retry_jitter": 0.0,
    "retry_max_attempts": 100,
    "dispatch_poll_seconds": 0.2,
    "dispatch_batch_size": 10,
    "metrics_interval_seconds": 0.2,
    "hub_timeout_seconds": 1.0,
    "catalog_timeout_seconds": 2.0,
}
PROCEDURE_NAME = "Đăng ký khai sinh"
FIELD_CODE = "G09-TP05"
AGENCY_NAME = "Bộ Tài chính"
OFFICER_NAME = "Trần Thị Bình"


@dataclass
class Sync:
    """The running service and what a test needs around it."""

    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    tokens: TokenFactory
    hub: RunningNationalHub
    _used: set[int] = field(default_factory=set)

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    def admin(self) -> dict[str, str]:
        return self.tokens.headers(f"admin-{uuid.uuid4()}", kind="official", roles=["system_admin"])

    def agency_admin(self, *agencies: str) -> dict[str, str]:
        return self.tokens.headers(
            f"agency-admin-{uuid.uuid4()}", kind="official", roles=["agency_admin"], agencies=list(agencies)
        )

    def life(self, **fields: Any) -> Life:
        """A dossier with a dossier code no other test of the module uses."""
        sequence = random.randint(1, 9999)
        while sequence in self._used:
            sequence = random.randint(1, 9999)
        self._used.add(sequence)
        return Life(sequence=sequence, **fields)

    async def publish(self, event: tuple[str, BaseModel], *, event_id: str | None = None) -> str:
        event_type, payload = event
        key = spec_for(event_type).partition_key(payload)  # as the producing service keys it
        published = await publish(self.kafka, event_type, payload, key=key, event_id=event_id)
        return published.id

    async def publish_all(self, events: Sequence[tuple[str, BaseModel]]) -> list[str]:
        return [await self.publish(event) for event in events]

    async def processed(self, event_id: str, *, timeout: float = 20.0) -> None:
        """Wait until the service's consumer has handled (committed) the event with this id."""
        inbox = self.runtime.tables.inbox

        async def seen() -> bool:
            async with self.runtime.db.transaction() as session:
                found = await session.scalar(
                    select(inbox.c.event_id).where(inbox.c.event_id == uuid.UUID(event_id))
                )
            return found is not None

        await eventually(seen, timeout=timeout, message=f"event {event_id} consumed")

    async def dossier(self, ref: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = await self.client.get(f"/v1/national-sync/dossiers/{ref}", headers=headers or self.admin())
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    async def wait_state(self, ref: str, state: str, *, timeout: float = 20.0) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            response = await self.client.get(f"/v1/national-sync/dossiers/{ref}", headers=self.admin())
            if response.status_code != 200:
                return None
            body: dict[str, Any] = response.json()
            return body if body["queue_state"] == state else None

        result: dict[str, Any] = await eventually(probe, timeout=timeout, message=f"dossier {ref} {state}")
        return result


async def teach_names(sync: Sync) -> None:
    """What catalog and identity announce: the procedure, the agency, the desk officer."""
    ids = [
        await sync.publish(
            (
                PROCEDURE_PUBLISHED,
                ProcedurePublished(
                    procedure_id=uuid.uuid4(),
                    procedure_code=PROCEDURE,
                    version=2,
                    name=PROCEDURE_NAME,
                    agency_code=AGENCY,
                    field_code=FIELD_CODE,
                    level=4,
                    processing_days=10,
                    requires_payment=True,
                    occurred_at=utcnow(),
                ),
            )
        ),
        await sync.publish(
            (
                AGENCY_UPDATED,
                AgencyUpdated(
                    agency_id=uuid.uuid4(), agency_code=AGENCY, name=AGENCY_NAME, occurred_at=utcnow()
                ),
            )
        ),
        await sync.publish(
            (
                ACCOUNT_REGISTERED,
                AccountRegistered(
                    subject=OFFICER,
                    kind=AccountKind.OFFICIAL,
                    full_name=OFFICER_NAME,
                    occurred_at=utcnow(),
                    federated=False,
                ),
            )
        ),
    ]
    for event_id in ids:
        await sync.processed(event_id)


def statuses_in_order(history: list[dict[str, Any]], expected: Sequence[int]) -> list[int]:
    """The TrangThaiHoSo values the hub received, checked to be a subsequence of `expected` (the
    statuses in the order they happened): never an older status after a newer one."""
    received = [int(version["record"]["TrangThaiHoSo"]) for version in history]
    position = 0
    for status in received:
        while position < len(expected) and expected[position] != status:
            position += 1
        assert position < len(expected), f"hub received {received}, not in the order of {list(expected)}"
    return received
