"""Helpers of notify's service tests: the running service with its mail sink, event builders."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import select

from contracts.events import (
    ACCOUNT_REGISTERED,
    AccountKind,
    AccountRegistered,
    DossierReceived,
)
from contracts.lifecycle import Channel as DossierChannel
from notify.app import create_app
from notify.settings import NotifySettings
from servicekit.db import utcnow
from servicekit.localinfra import free_port
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import publish
from servicekit.testing.plugin import migrate, new_database, service_env
from simulators.mailsink.message import CapturedMessage
from simulators.mailsink.server import MailSink
from simulators.testing import RunningSmsSimulator, serve_app

SERVICE_DIR = Path(__file__).resolve().parents[2]

AGENCY = "000.00.00.G12"

# Retries in tenths of a second so outage tests take seconds, not hours.
FAST_RETRIES: dict[str, Any] = {
    "retry_base_seconds": 0.2,
    "retry_max_delay_seconds": 1.0,
    "retry_jitter": 0.0,
    "retry_max_attempts": 6,
    "dispatch_poll_seconds": 0.5,
    "smtp_timeout_seconds": 5.0,
}


@dataclass
class Notify:
    """The running service and what a test needs around it."""

    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    tokens: TokenFactory
    sink: MailSink
    sms: RunningSmsSimulator | None = None
    base_url: str = "http://testserver"

    def admin(self) -> dict[str, str]:
        return self.tokens.headers(f"admin-{uuid.uuid4()}", kind="official", roles=["system_admin"])

    async def publish(
        self, event_type: str, payload: BaseModel, *, key: str, event_id: str | None = None
    ) -> str:
        event = await publish(self.kafka, event_type, payload, key=key, event_id=event_id)
        return event.id

    async def register(
        self,
        *,
        email: str | None = None,
        phone: str | None = None,
        name: str = "Nguyễn Văn An",
        subject: str | None = None,
    ) -> str:
        """A citizen account as identity announces it; returns its subject once notify knows it."""
        subject = subject or f"citizen-{uuid.uuid4()}"
        await self.publish(
            ACCOUNT_REGISTERED,
            AccountRegistered(
                subject=subject,
                kind=AccountKind.CITIZEN,
                full_name=name,
                email=email,
                phone=phone,
                occurred_at=utcnow(),
                federated=False,
            ),
            key=subject,
        )

        async def known() -> bool:
            response = await self.client.get(
                "/v1/notification-preferences", headers=self.tokens.headers(subject)
            )
            return response.json()["email_address"] == email if email else response.status_code == 200

        await eventually(known, message="contact learnt from account.registered")
        return subject

    async def processed(self, event_id: str) -> None:
        """Wait until notify's consumer has handled (committed) the event with this id."""
        inbox = self.app.state.runtime.tables.inbox

        async def seen() -> bool:
            async with self.app.state.runtime.db.transaction() as session:
                found = await session.scalar(
                    select(inbox.c.event_id).where(inbox.c.event_id == uuid.UUID(event_id))
                )
            return found is not None

        await eventually(seen, message=f"event {event_id} consumed")

    async def messages(self, subject: str, **filters: Any) -> list[dict[str, Any]]:
        response = await self.client.get(
            "/v1/messages",
            params={"mine": "true", "limit": 100, **filters},
            headers=self.tokens.headers(subject),
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def wait_messages(self, subject: str, count: int, **filters: Any) -> list[dict[str, Any]]:
        async def enough() -> list[dict[str, Any]] | None:
            items = await self.messages(subject, **filters)
            return items if len(items) >= count else None

        result: list[dict[str, Any]] = await eventually(enough, message=f"{count} message(s) for {subject}")
        return result

    async def wait_status(self, message_id: str, *statuses: str, timeout: float = 20.0) -> dict[str, Any]:
        async def reached() -> dict[str, Any] | None:
            response = await self.client.get(f"/v1/messages/{message_id}", headers=self.admin())
            body: dict[str, Any] = response.json()
            return body if body["status"] in statuses else None

        result: dict[str, Any] = await eventually(
            reached, timeout=timeout, message=f"message {message_id} in {statuses}"
        )
        return result

    async def inbox(self, subject: str) -> list[dict[str, Any]]:
        response = await self.client.get("/v1/inbox", headers=self.tokens.headers(subject))
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def mail_to(self, address: str, *, timeout: float = 20.0) -> CapturedMessage:
        return await self.sink.wait_for(to=address, timeout=timeout)


def received(
    subject: str,
    *,
    dossier_id: uuid.UUID | None = None,
    code: str | None = None,
    appointment: date = date(2026, 12, 4),
) -> DossierReceived:
    dossier_id = dossier_id or uuid.uuid4()
    return DossierReceived(
        dossier_id=dossier_id,
        dossier_code=code or f"{AGENCY}-261123-{uuid.uuid4().int % 10000:04d}",
        agency_code=AGENCY,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=utcnow(),
        procedure_version=1,
        channel=DossierChannel.ONLINE,
        received_at=utcnow(),
        appointment_date=appointment,
    )


def unique_email() -> str:
    return f"an.{uuid.uuid4().hex[:12]}@example.vn"


@asynccontextmanager
async def served_notify(
    *,
    server_url: str,
    kafka: str,
    tokens: TokenFactory,
    sink: MailSink,
    sms: RunningSmsSimulator | None = None,
    intake_url: str = "http://127.0.0.1:9",
    **settings: Any,
) -> AsyncIterator[Notify]:
    """Notify on a fresh database, served over real HTTP (uvicorn on a free port) so that providers
    can call it back, sending SMS through ``sms`` (a simulator) when given."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url, drop = await asyncio.to_thread(new_database, server_url, "notify")
    provider: dict[str, Any] = {}
    if sms is not None:
        provider = {
            "sms_provider_url": sms.base_url,
            "sms_provider_api_key": sms.api_key,
            "sms_provider_secret_key": sms.secret_key,
            "sms_provider_brandname": "MOTCUA",
            "sms_provider_mo_secret": sms.mo_secret,
            "sms_timeout_seconds": 2.0,
        }
    try:
        await asyncio.to_thread(migrate, SERVICE_DIR, database_url)
        app = create_app(
            NotifySettings(
                **service_env(
                    database_url=database_url,
                    kafka_bootstrap=kafka,
                    tokens=tokens,
                    smtp_host=sink.host,
                    smtp_port=sink.port,
                    service_base_url_notify=base_url,
                    service_base_url_intake=intake_url,
                    **provider,
                    **{**FAST_RETRIES, **settings},
                )
            )
        )
        async with (
            serve_app(app, port=port) as url,
            httpx.AsyncClient(base_url=url, timeout=15, trust_env=False) as client,
        ):
            yield Notify(client=client, app=app, kafka=kafka, tokens=tokens, sink=sink, sms=sms, base_url=url)
    finally:
        await asyncio.to_thread(drop)


def system_client(tokens: TokenFactory, *scopes: str, agencies: list[str] | None = None) -> dict[str, str]:
    """Headers of a ministry system (client credentials) with these scopes."""
    return tokens.headers(
        f"client-{uuid.uuid4().hex[:8]}",
        kind="system",
        agencies=agencies or [],
        name=None,
        scope=" ".join(("openid", *scopes)),
    )


def unique_phone() -> str:
    """A Vietnamese mobile number (Viettel 098) no other test uses."""
    return "098" + str(uuid.uuid4().int % 10**7).zfill(7)
