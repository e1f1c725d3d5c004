"""Helpers of notify's end-to-end tests: the stack's mail sink and SMS simulator over HTTP, events on
the real broker in the contracts' shape, and a ministry system receiving webhooks (a real HTTP server
in the test process) that verifies each signature the way notify's README tells receivers to."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel

from contracts.events import (
    ACCOUNT_REGISTERED,
    ALL_TOPICS,
    AccountKind,
    AccountRegistered,
    DossierReceived,
    dlq_topic,
)
from contracts.lifecycle import Channel as DossierChannel
from servicekit.db import utcnow
from servicekit.events import Event, from_kafka
from servicekit.testing import TokenFactory, eventually
from servicekit.testing.kafka import publish
from simulators.testing import serve_app
from tests.e2e.support import AGENCY


def unique_email() -> str:
    return f"e2e.{uuid.uuid4().hex[:12]}@example.vn"


def unique_phone() -> str:
    return "098" + str(uuid.uuid4().int % 10**7).zfill(7)


def dossier_code() -> str:
    return f"{AGENCY}-261123-{uuid.uuid4().int % 10000:04d}"


def system_client(tokens: TokenFactory, *scopes: str, agencies: list[str] | None = None) -> dict[str, str]:
    return tokens.headers(
        f"client-{uuid.uuid4().hex[:8]}",
        kind="system",
        agencies=agencies or [],
        name=None,
        scope=" ".join(("openid", *scopes)),
    )


def admin(tokens: TokenFactory) -> dict[str, str]:
    return tokens.headers(f"admin-{uuid.uuid4()}", kind="official", roles=["system_admin"])


async def emit(
    stack: Any, event_type: str, payload: BaseModel, *, key: str, event_id: str | None = None
) -> Event:
    """Publish one event on the stack's broker, as its producing service would."""
    return await publish(stack.bootstrap_servers, event_type, payload, key=key, event_id=event_id)


async def register_citizen(
    stack: Any, tokens: TokenFactory, *, email: str | None, phone: str | None, name: str = "Trần Thị Bình"
) -> str:
    """An account as identity announces it; returns its subject once notify knows its contact."""
    subject = f"citizen-{uuid.uuid4()}"
    payload = AccountRegistered(
        subject=subject,
        kind=AccountKind.CITIZEN,
        full_name=name,
        email=email,
        phone=phone,
        occurred_at=utcnow(),
        federated=False,
    )
    await emit(stack, ACCOUNT_REGISTERED, payload, key=subject)

    async def known() -> bool:
        async with httpx.AsyncClient(base_url=stack.url("notify"), timeout=10) as client:
            answer = await client.get("/v1/notification-preferences", headers=tokens.headers(subject))
        return answer.status_code == 200 and answer.json()["email_address"] == email

    await eventually(known, timeout=30, message="notify learnt the contact")
    return subject


def reception(
    subject: str, *, dossier_id: uuid.UUID | None = None, appointment: date = date(2026, 12, 4)
) -> DossierReceived:
    return DossierReceived(
        dossier_id=dossier_id or uuid.uuid4(),
        dossier_code=dossier_code(),
        agency_code=AGENCY,
        procedure_code="1.005129",
        applicant_subject=subject,
        occurred_at=utcnow(),
        procedure_version=1,
        channel=DossierChannel.ONLINE,
        received_at=utcnow(),
        appointment_date=appointment,
    )


# --- the simulators' HTTP APIs --------------------------------------------------------------------


async def mails_to(stack: Any, address: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=stack.mail_sink_url, timeout=10) as client:
        answer = await client.get("/messages", params={"to": address})
    answer.raise_for_status()
    found: list[dict[str, Any]] = answer.json()
    return found


async def wait_mails(stack: Any, address: str, count: int, *, timeout: float = 30) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        found = await mails_to(stack, address)
        return found if len(found) >= count else None

    result: list[dict[str, Any]] = await eventually(
        enough, timeout=timeout, message=f"{count} mail(s) to {address}"
    )
    return result


async def sms_to(stack: Any, phone: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=stack.sms_simulator_url, timeout=10) as client:
        answer = await client.get("/simulator/messages", params={"phone": phone})
    answer.raise_for_status()
    found: list[dict[str, Any]] = answer.json()
    return found


async def wait_sms(stack: Any, phone: str, count: int, *, timeout: float = 30) -> list[dict[str, Any]]:
    async def enough() -> list[dict[str, Any]] | None:
        found = await sms_to(stack, phone)
        return found if len(found) >= count else None

    result: list[dict[str, Any]] = await eventually(
        enough, timeout=timeout, message=f"{count} SMS to {phone}"
    )
    return result


async def all_records(
    stack: Any, *, until: Any, timeout: float = 30
) -> list[tuple[str, bytes, Event | None]]:
    """Every record of every topic and dead-letter topic from the start, read until ``until(events)``."""
    topics = [*ALL_TOPICS, *(dlq_topic(t) for t in ALL_TOPICS)]
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=stack.bootstrap_servers,
        group_id=f"probe-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    records: list[tuple[str, bytes, Event | None]] = []
    try:

        async def read() -> bool:
            batch = await consumer.getmany(timeout_ms=300)
            for partition_records in batch.values():
                for r in partition_records:
                    raw = b"".join([r.key or b"", r.value or b"", *(v or b"" for _, v in r.headers)])
                    try:
                        event: Event | None = from_kafka(r.headers, r.key, r.value)
                    except ValueError:
                        event = None
                    records.append((r.topic, raw, event))
            return bool(until([e for _, _, e in records if e is not None]))

        await eventually(read, timeout=timeout, message="events on the topics")
    finally:
        await consumer.stop()
    return records


# --- a ministry system receiving webhooks ------------------------------------------------------------


@dataclass
class Delivery:
    webhook_id: str
    body: bytes
    valid: bool
    answered: int

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass
class Receiver:
    base_url: str = ""
    secret: str = ""
    status: int = 200
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.base_url}/motcua/events"

    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.valid and d.answered == 200]


def verify_signature(secret: str, headers: Any, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (notify README): recompute v1=HMAC-SHA256(secret, "id.timestamp.body")."""
    webhook_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not (webhook_id and timestamp.isdigit()) or abs(time.time() - int(timestamp)) > tolerance:
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in headers.get("webhook-signature", "").split())


@asynccontextmanager
async def running_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = FastAPI()

    @app.post("/motcua/events")
    async def events(request: Request) -> Response:
        body = await request.body()
        valid = verify_signature(receiver.secret, request.headers, body)
        answered = receiver.status if valid else 401
        receiver.deliveries.append(Delivery(request.headers.get("webhook-id", ""), body, valid, answered))
        return Response(status_code=answered)

    async with serve_app(app) as url:
        receiver.base_url = url
        yield receiver


async def subscribe(
    gateway: httpx.AsyncClient, tokens: TokenFactory, receiver: Receiver, types: list[str]
) -> str:
    """A ministry system subscribes through the gateway; the secret shown once goes to the receiver."""
    created = await gateway.post(
        "/v1/webhooks",
        json={"target_url": receiver.url, "event_types": types},
        headers=system_client(tokens, agencies=[AGENCY]),
    )
    assert created.status_code == 201, created.text
    receiver.secret = created.json()["secret"]
    return str(created.json()["id"])
