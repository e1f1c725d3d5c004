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


@dataclass
class IntakeStandIn:
    url: str
    app: FastAPI
    dossiers: dict[str, dict[str, Any]]


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
    path: str
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
    """A ministry system: per path ``/hooks/<name>``, the secret it verifies with and the status it
    answers (200 unless set); ``delay`` holds every answer that many seconds."""

    secrets: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    delay: float = 0.0
    base_url: str = ""
    deliveries: list[Delivery] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"{self.base_url}/hooks/{name}"

    def accepted(self, name: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.path == name and d.valid and 200 <= d.answered < 300]

    def tries(self, name: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.path == name]


def verify(secret: str, webhook_id: str, timestamp: str, body: bytes, header: str) -> bool:
    """The receiver's recipe (README): fresh timestamp, HMAC-SHA256 over "id.timestamp.body"."""
    if not secret or abs(time.time() - int(timestamp)) > 300:
        return False
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, part) for part in header.split())


def receiver_app(receiver: Receiver) -> FastAPI:
    app = FastAPI()

    @app.post("/hooks/{name}")
    async def hook(name: str, request: Request) -> Response:
        body = await request.body()
        headers = request.headers
        valid = verify(
            receiver.secrets.get(name, ""),
            headers.get("webhook-id", ""),
            headers.get("webhook-timestamp", "0"),
            body,
            headers.get("webhook-signature", ""),
        )
        answered = receiver.statuses.get(name, 200) if valid else 401
        if receiver.delay:
            await asyncio.sleep(receiver.delay)
        receiver.deliveries.append(
            Delivery(
                path=name,
                webhook_id=headers.get("webhook-id", ""),
                timestamp=int(headers.get("webhook-timestamp", "0")),
                signature=headers.get("webhook-signature", ""),
                content_type=headers.get("content-type", ""),
                body=body,
                valid=valid,
                answered=answered,
            )
        )
        return Response(status_code=answered)

    return app
