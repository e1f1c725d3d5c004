"""Intake with its feedback and ratings, beside the real catalogue it reads agencies, procedures and
calendars from (seeded with the demo data, in-process on its own database, served on a local port as
intake reaches it over HTTP). Intake's clock is a manual one, so a test can stand on the eve of the
30 April holidays."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from contracts.lifecycle import DossierStatus
from servicekit.clock import ManualClock
from servicekit.events import Event
from servicekit.ratelimit import MemoryRateLimiter
from servicekit.testing import TokenFactory
from servicekit.testing.kafka import collect
from servicekit.testing.plugin import service_under_test

REPO = Path(__file__).resolve().parents[5]
VN = timezone(timedelta(hours=7))
#: Wednesday before the 30 April and 1 May holidays and a weekend.
EVE_OF_HOLIDAYS = datetime(2026, 4, 29, 10, 0, tzinfo=VN)

#: Demo catalogue: BHXH Quảng Ninh decides procedure 1.000401.
BHXH_QN = "000.00.25.H49"
SO_BHXH = "1.000401"
#: Sở Tư pháp Quảng Ninh declared Tuesday 5 May 2026 a local day off (set up by the fixture).
SO_TU_PHAP = "000.00.11.H49"
LOCAL_DAY_OFF = "2026-05-05"
#: UBND phường Hồng Gai decides birth registration 1.001193.
HONG_GAI = "000.01.31.H49"
KHAI_SINH = "1.001193"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Serve an app whose lifespan already runs on a free local port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def running_catalog(
    pg_server_url: str, kafka: str, tokens: TokenFactory
) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    from catalog import seed
    from catalog.app import create_app
    from catalog.db import tables
    from catalog.settings import CatalogSettings
    from servicekit.app import runtime_of
    from servicekit.outbox import Outbox

    async with service_under_test(
        create_app,
        CatalogSettings,
        REPO / "services" / "catalog",
        server_url=pg_server_url,
        kafka_bootstrap=kafka,
        tokens=tokens,
    ) as (client, app):
        async with runtime_of(app).db.transaction() as session:
            await seed.seed(session, Outbox(tables, service="catalog"))
        async with serve(app) as url:
            yield url, client


@dataclass
class Voice:
    """Intake in-process (``client``), its manual clock, and the catalogue beside it."""

    client: httpx.AsyncClient
    app: FastAPI
    catalog: httpx.AsyncClient
    clock: ManualClock
    tokens: TokenFactory
    kafka: str

    def citizen(self, subject: str | None = None, *, name: str = "Nguyễn Văn An") -> dict[str, str]:
        return self.tokens.headers(subject or f"citizen-{uuid.uuid4()}", name=name)

    def officer(
        self,
        agency: str = BHXH_QN,
        *,
        roles: tuple[str, ...] = ("reception_officer",),
        subject: str | None = None,
        name: str = "Phạm Thị Tiếp Nhận",
    ) -> dict[str, str]:
        return self.tokens.headers(
            subject or f"officer-{uuid.uuid4()}",
            kind="official",
            roles=list(roles),
            agencies=[agency],
            name=name,
        )

    @staticmethod
    def from_address(address: str) -> dict[str, str]:
        """As the gateway forwards a request from ``address`` (it appends the peer it saw)."""
        return {"X-Forwarded-For": address}

    async def dossier(
        self,
        owner: str,
        *,
        status: DossierStatus = DossierStatus.RESOLVED,
        agency: str = BHXH_QN,
        procedure: str = SO_BHXH,
    ) -> uuid.UUID:
        """A dossier row as intake's lifecycle leaves it (the desk and workflow are not under test here)."""
        from intake.dossiers.models import Dossier
        from servicekit.app import runtime_of

        dossier_id = uuid.uuid4()
        code = (
            None
            if status in (DossierStatus.DRAFT, DossierStatus.SUBMITTED)
            else f"{agency}-260415-{str(dossier_id.int)[-4:]}"
        )
        async with runtime_of(self.app).db.transaction() as session:
            session.add(
                Dossier(
                    id=dossier_id,
                    code=code,
                    procedure_code=procedure,
                    procedure_version=1,
                    agency_code=agency,
                    applicant_subject=owner,
                    applicant_kind="citizen",
                    applicant_name="Nguyễn Văn An",
                    channel="online",
                    status=status.value,
                )
            )
        return dossier_id

    async def set_status(self, dossier_id: uuid.UUID, status: DossierStatus) -> None:
        from intake.dossiers.models import Dossier
        from servicekit.app import runtime_of

        async with runtime_of(self.app).db.transaction() as session:
            dossier = await session.get(Dossier, dossier_id)
            assert dossier is not None
            dossier.status = status.value

    async def events(self, topic: str, match: Callable[[Event], bool], *, count: int = 1) -> list[Event]:
        """Wait until at least ``count`` events on ``topic`` match; returns those that match."""
        read = await collect(self.kafka, topic, until=lambda evs: sum(1 for e in evs if match(e)) >= count)
        return [e for e in read if match(e)]

    async def ok(self, method: str, url: str, *, status: int = 200, **kwargs: Any) -> Any:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.text)
        return response.json() if response.content else None


@contextlib.asynccontextmanager
async def running_voice(
    pg_server_url: str, kafka: str, tokens: TokenFactory, **settings: Any
) -> AsyncIterator[Voice]:
    from intake.app import create_app
    from intake.settings import IntakeSettings

    clock = ManualClock(EVE_OF_HOLIDAYS)
    async with running_catalog(pg_server_url, kafka, tokens) as (catalog_url, catalog):
        admin = tokens.headers(
            f"admin-{uuid.uuid4()}", kind="official", roles=["catalog_admin"], agencies=[SO_TU_PHAP]
        )
        declared = await catalog.put(
            f"/v1/agencies/{SO_TU_PHAP}/calendar/overrides/{LOCAL_DAY_OFF}",
            json={"kind": "day_off", "note": "Ngày truyền thống ngành Tư pháp tỉnh"},
            headers=admin,
        )
        assert declared.status_code == 201, declared.text
        async with service_under_test(
            lambda s: create_app(s, clock=clock),
            IntakeSettings,
            REPO / "services" / "intake",
            server_url=pg_server_url,
            kafka_bootstrap=kafka,
            tokens=tokens,
            service_base_url_catalog=catalog_url,
            # The tests sweep the watcher themselves.
            feedback_watch_interval_seconds=3600,
            **settings,
        ) as (client, app):
            # Submission limits counted in one fixed window, whatever the wall clock does meanwhile.
            app.state.feedback.limiter = MemoryRateLimiter(clock=lambda: 1_800_000_000.0)
            yield Voice(client, app, catalog, clock, tokens, kafka)
