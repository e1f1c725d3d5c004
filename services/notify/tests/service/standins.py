"""Real HTTP stand-ins for the parties notify calls: intake's public lookup (its contract, before
intake implements it) and a ministry system receiving webhooks, verifying them as the README says."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse


def intake_lookup_app(dossiers: dict[str, dict[str, Any]]) -> FastAPI:
    """``GET /v1/lookup/{code}`` as intake will answer it (R-LOOK-1); ``app.state.down`` → 503."""
    app = FastAPI()
    app.state.down = False
    app.state.calls = []

    @app.get("/v1/lookup/{code}")
    async def lookup(code: str) -> Response:
        app.state.calls.append(code)
        if app.state.down:
            return JSONResponse({"code": "service_unavailable"}, status_code=503)
        found = dossiers.get(code)
        if found is None:
            problem = {
                "type": "urn:motcua:problem:dossier_not_found",
                "status": 404,
                "code": "dossier_not_found",
            }
            return JSONResponse(problem, status_code=404, media_type="application/problem+json")
        return JSONResponse({"dossier_code": code, **found})

    return app


@dataclass
class Delivery:
    webhook_id: str
    timestamp: int
    signature: str
    content_type: str
    body: bytes
    valid: bool
    answered: int

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass
class Receiver:
    """What the receiving system saw, and how it behaves: ``status`` to answer, ``delay`` seconds."""

    secret: str = ""
    status: int = 200
    delay: float = 0.0
    deliveries: list[Delivery] = field(default_factory=list)

    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.valid and 200 <= d.answered < 300]

    def by_event(self, event_id: str) -> list[Delivery]:
        return [d for d in self.accepted() if d.event["id"] == event_id]


def verify(secret: str, webhook_id: str, timestamp: str, body: bytes, header: str) -> bool:
    """The receiver's recipe (README): fresh timestamp, HMAC-SHA256 over "id.timestamp.body"."""
    if abs(time.time() - int(timestamp)) > 300:
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, part) for part in header.split())


def receiver_app(receiver: Receiver) -> FastAPI:
    app = FastAPI()

    @app.post("/hooks")
    async def hook(request: Request) -> Response:
        body = await request.body()
        headers = request.headers
        answered = receiver.status
        valid = verify(
            receiver.secret,
            headers.get("webhook-id", ""),
            headers.get("webhook-timestamp", "0"),
            body,
            headers.get("webhook-signature", ""),
        )
        if receiver.delay:
            await asyncio.sleep(receiver.delay)
        receiver.deliveries.append(
            Delivery(
                webhook_id=headers.get("webhook-id", ""),
                timestamp=int(headers.get("webhook-timestamp", "0")),
                signature=headers.get("webhook-signature", ""),
                content_type=headers.get("content-type", ""),
                body=body,
                valid=valid,
                answered=answered if valid else 401,
            )
        )
        if not valid:
            return Response(status_code=401)
        return Response(status_code=answered)

    return app
