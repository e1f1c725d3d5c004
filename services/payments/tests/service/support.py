"""Helpers of payments' service tests: the running service (over real HTTP, so VNPay's simulator can
call its IPN), the real catalogue it quotes fees from, dossier events on the broker, a payer's browser."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import func, select

from catalog.app import create_app as create_catalog
from catalog.db import tables as catalog_tables
from catalog.seed import seed
from catalog.settings import CatalogSettings
from contracts.events import DOSSIER_RECEIVED, DossierReceived, PaymentDue
from contracts.lifecycle import Channel
from payments.app import create_app
from payments.db import tables
from payments.settings import PaymentsSettings
from servicekit.app import runtime_of
from servicekit.db import utcnow
from servicekit.localinfra import free_port
from servicekit.outbox import Outbox
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import publish
from servicekit.testing.plugin import migrate, new_database, service_env
from simulators.testing import RunningVnpaySimulator, run_vnpay_simulator, serve_app

ROOT = Path(__file__).resolve().parents[4]
SERVICE_DIR = ROOT / "services" / "payments"
CATALOG_DIR = ROOT / "services" / "catalog"

#: Cấp Phiếu lý lịch tư pháp (demo catalogue): level 4, fee 200.000 đ, 100.000 đ online; SV −50 %, TE −100 %.
LLTP = "2.000488"
LLTP_AGENCY = "000.00.11.H49"
LLTP_ONLINE = 100_000
LLTP_DESK = 200_000

FAST: dict[str, Any] = {
    "refund_poll_seconds": 0.2,
    "refund_retry_seconds": 0.2,
    "expiry_poll_seconds": 3600.0,
    "reconciliation_enabled": False,
    "vnpay_timeout_seconds": 5.0,
}


@asynccontextmanager
async def running_catalog(server_url: str, tokens: TokenFactory, *, port: int = 0) -> AsyncIterator[str]:
    """The real catalog service, seeded with the demo catalogue, over HTTP (fee quotes only: no broker)."""
    database_url, drop = await asyncio.to_thread(new_database, server_url, "catalog")
    try:
        await asyncio.to_thread(migrate, CATALOG_DIR, database_url)
        settings = CatalogSettings(
            **service_env(
                database_url=database_url,
                kafka_bootstrap="127.0.0.1:1",
                tokens=tokens,
                relay_enabled=False,
                consumers_enabled=False,
                environment="production",  # no topic creation against the absent broker
                oidc_jwks_url="",
            )
        )
        app = create_catalog(settings)
        async with serve_app(app, port=port) as url:
            async with runtime_of(app).db.transaction() as session:
                await seed(session, Outbox(catalog_tables, service="catalog"))
            yield url
    finally:
        await asyncio.to_thread(drop)


@dataclass
class Payments:
    """The running service and what a test needs around it."""

    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    tokens: TokenFactory
    vnpay: RunningVnpaySimulator
    base_url: str
    database_url: str
    event_ids: dict[uuid.UUID, str] = field(default_factory=dict)

    # --- people -------------------------------------------------------------------------------

    def citizen(self, subject: str) -> dict[str, str]:
        return self.tokens.headers(subject, kind="citizen")

    def officer(self, *roles: str, agency: str = LLTP_AGENCY) -> dict[str, str]:
        return self.tokens.headers(
            f"officer-{uuid.uuid4().hex[:8]}", kind="official", roles=list(roles), agencies=[agency]
        )

    def admin(self) -> dict[str, str]:
        return self.tokens.headers(f"admin-{uuid.uuid4().hex[:8]}", kind="official", roles=["system_admin"])

    # --- dossiers -----------------------------------------------------------------------------

    async def publish(
        self, event_type: str, payload: BaseModel, *, key: str, event_id: str | None = None
    ) -> str:
        return (await publish(self.kafka, event_type, payload, key=key, event_id=event_id)).id

    async def receive(
        self,
        subject: str,
        *,
        procedure: str = LLTP,
        agency: str = LLTP_AGENCY,
        due: PaymentDue = PaymentDue.BEFORE_PROCESSING,
        dossier_id: uuid.UUID | None = None,
    ) -> DossierReceived:
        """The desk received a dossier of ``subject`` (as intake announces it)."""
        dossier_id = dossier_id or uuid.uuid4()
        event = DossierReceived(
            dossier_id=dossier_id,
            dossier_code=f"{agency}-261123-{uuid.uuid4().int % 10000:04d}",
            agency_code=agency,
            procedure_code=procedure,
            applicant_subject=subject,
            occurred_at=utcnow(),
            procedure_version=1,
            channel=Channel.ONLINE,
            received_at=utcnow(),
            appointment_date=date(2026, 12, 7),
            received_by="officer-1",
            payment_due=due,
        )
        self.event_ids[dossier_id] = await self.publish(DOSSIER_RECEIVED, event, key=str(dossier_id))
        return event

    async def handled(self, event_id: str) -> None:
        """Wait until payments' consumer has handled (committed) the event with this id."""
        inbox = tables.inbox

        async def seen() -> bool:
            async with runtime_of(self.app).db.transaction() as session:
                found = await session.scalar(
                    select(inbox.c.event_id).where(inbox.c.event_id == uuid.UUID(event_id))
                )
            return found is not None

        await eventually(seen, message=f"event {event_id} handled")

    async def order_of(self, dossier_id: uuid.UUID, subject: str, *, timeout: float = 20.0) -> dict[str, Any]:
        """The order issued for a dossier (waits for the consumer), as its applicant reads it."""

        async def issued() -> dict[str, Any] | None:
            response = await self.client.get(
                "/v1/payments", params={"dossier_id": str(dossier_id)}, headers=self.citizen(subject)
            )
            assert response.status_code == 200, response.text
            items = response.json()["items"]
            return items[0] if items else None

        summary: dict[str, Any] = await eventually(issued, timeout=timeout, message="order issued")
        return await self.get(summary["id"], subject)

    async def order_of_none(self, dossier_id: uuid.UUID, subject: str) -> None:
        """The consumer has handled the dossier's reception and issued nothing."""
        await self.handled(self.event_ids[dossier_id])
        response = await self.client.get(
            "/v1/payments", params={"dossier_id": str(dossier_id)}, headers=self.citizen(subject)
        )
        assert response.json()["items"] == []

    async def get(self, payment_id: str, subject: str | None = None, **headers: str) -> dict[str, Any]:
        response = await self.client.get(
            f"/v1/payments/{payment_id}",
            headers=headers or (self.citizen(subject) if subject else self.admin()),
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def new_order(self, subject: str | None = None, **receive: Any) -> tuple[str, dict[str, Any]]:
        subject = subject or f"citizen-{uuid.uuid4()}"
        received = await self.receive(subject, **receive)
        return subject, await self.order_of(received.dossier_id, subject)

    # --- paying ---------------------------------------------------------------------------------

    async def checkout(self, payment_id: str, subject: str, **body: Any) -> dict[str, Any]:
        response = await self.client.post(
            f"/v1/payments/{payment_id}/checkout",
            json={"gateway": "vnpay", **body},
            headers=self.citizen(subject),
        )
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    async def pay_at_vnpay(self, redirect_url: str, *, action: str = "pay", outcome: str = "00") -> str:
        """What a payer's browser does on VNPay's page; returns where VNPay sends it back (not followed)."""
        async with httpx.AsyncClient(trust_env=False, timeout=10) as browser:
            page = await browser.get(redirect_url)
            assert page.status_code == 200, page.text
            token = re.search(r'name="token" value="([^"]+)"', page.text)
            assert token is not None
            base = redirect_url.split("/paymentv2/")[0]
            answer = await browser.post(
                f"{base}/paymentv2/pay",
                data={"token": token.group(1), "action": action, "bank_code": "NCB", "outcome": outcome},
            )
        assert answer.status_code == 302, answer.text
        location: str = answer.headers["location"]
        assert location.startswith(self.base_url + "/v1/payment-gateways/vnpay/return?")
        return location

    async def come_back(self, location: str, *, json: bool = True) -> httpx.Response:
        """The browser lands on our return page."""
        path = urlsplit(location)
        headers = {"Accept": "application/json"} if json else {}
        return await self.client.get(f"{path.path}?{path.query}", headers=headers)

    async def paid(self, *, subject: str | None = None, **receive: Any) -> tuple[str, dict[str, Any]]:
        """A dossier whose order was paid online (IPN received); returns (subject, order)."""
        subject, order = await self.new_order(subject, **receive)
        started = await self.checkout(order["id"], subject)
        await self.pay_at_vnpay(started["redirect_url"])
        return subject, await self.wait_status(order["id"], "succeeded")

    async def wait_status(self, payment_id: str, *statuses: str, timeout: float = 20.0) -> dict[str, Any]:
        async def reached() -> dict[str, Any] | None:
            body = await self.get(payment_id)
            return body if body["status"] in statuses else None

        result: dict[str, Any] = await eventually(reached, timeout=timeout, message=f"payment in {statuses}")
        return result

    # --- what was recorded ------------------------------------------------------------------------

    async def outbox_count(self, event_type: str, payment_id: str) -> int:
        async with runtime_of(self.app).db.transaction() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(tables.outbox)
                .where(tables.outbox.c.event_type == event_type, tables.outbox.c.key == payment_id)
            )
        return int(count or 0)


@asynccontextmanager
async def served_payments(
    *, server_url: str, kafka: str, tokens: TokenFactory, catalog_url: str, **settings: Any
) -> AsyncIterator[Payments]:
    """Payments on a fresh database, served by uvicorn on a free port, with its own VNPay simulator
    whose IPNs come to that port."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url, drop = await asyncio.to_thread(new_database, server_url, "payments")
    try:
        await asyncio.to_thread(migrate, SERVICE_DIR, database_url)
        async with run_vnpay_simulator(ipn_url=base_url + "/v1/payment-gateways/vnpay/ipn") as vnpay:
            app = create_app(
                payments_settings(database_url, kafka, tokens, catalog_url, vnpay, base_url, **settings)
            )
            async with (
                serve_app(app, port=port) as url,
                httpx.AsyncClient(base_url=url, timeout=20, trust_env=False) as client,
            ):
                yield Payments(client, app, kafka, tokens, vnpay, url, database_url)
    finally:
        await asyncio.to_thread(drop)


def payments_settings(
    database_url: str,
    kafka: str,
    tokens: TokenFactory,
    catalog_url: str,
    vnpay: RunningVnpaySimulator,
    base_url: str,
    **settings: Any,
) -> PaymentsSettings:
    return PaymentsSettings(
        **service_env(
            database_url=database_url,
            kafka_bootstrap=kafka,
            tokens=tokens,
            public_base_url=base_url,
            service_base_url_catalog=catalog_url,
            vnpay_payment_url=vnpay.pay_url,
            vnpay_api_url=vnpay.api_url,
            vnpay_report_url=vnpay.report_url,
            vnpay_tmn_code=vnpay.tmn_code,
            vnpay_hash_secret=vnpay.hash_secret,
            **{**FAST, **settings},
        )
    )
