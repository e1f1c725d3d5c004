"""The SMS provider simulator as an ASGI app: `uvicorn simulators.sms.app:create_app --factory`.

The provider API (modelled on eSMS's brandname REST API) is under `/MainService.svc/json/`; the
simulator's own controls (faults, inspection, inbound messages) are under `/simulator/`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from simulators._common import ensure_log_handler, parse_since, simulator_app
from simulators.sms.provider import InboundForwardError, SmsProvider, hold
from simulators.sms.rules import SendStatus, normalize_phone
from simulators.sms.settings import SmsSimSettings
from simulators.sms.state import Fault, FaultMode

log = logging.getLogger("simulators.sms")

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: FaultMode
    phones: list[str] | None = Field(None, description="only requests to these numbers (any format)")
    count: int | None = Field(None, ge=1, description="number of requests it applies to; none: until reset")
    delay: float | None = Field(None, gt=0, le=600, description="`timeout`: seconds the answer is held")
    send_status: Literal[4, 6] = Field(4, description="`undeliverable`: SendStatus of the failed DLR")


class InboundRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    sender: str = Field(alias="from", examples=["0912345678"])
    to: str = Field(examples=["8079"])
    text: str = Field(min_length=1, examples=["TRACUU 000.00.00.G12-261123-0007"])
    webhook_url: str | None = Field(None, description="overrides SMS_SIM_MO_WEBHOOK_URL for this message")


def provider_router() -> APIRouter:
    router = APIRouter(tags=["provider"])

    @router.post(SEND_PATH, summary="Send one brandname SMS (eSMS-style)")
    @router.post(SEND_PATH.rstrip("/"), include_in_schema=False)
    async def send_message(request: Request) -> Response:
        provider: SmsProvider = request.app.state.provider
        outcome = await provider.send(await request.body())
        await hold(outcome.delay)
        if outcome.body is None:
            return Response("Service Unavailable", status_code=outcome.http_status, media_type="text/plain")
        return JSONResponse(outcome.body, status_code=outcome.http_status)

    return router


def control_router() -> APIRouter:
    router = APIRouter(prefix="/simulator", tags=["simulator"])

    @router.post("/faults", summary="Inject a fault into the send API")
    async def set_fault(body: FaultRequest, request: Request) -> dict[str, Any]:
        provider: SmsProvider = request.app.state.provider
        phones: set[str] = set()
        for raw in body.phones or []:
            msisdn = normalize_phone(raw)
            if msisdn is None:
                raise HTTPException(422, detail=f"phones: {raw!r} is not a Vietnamese mobile number")
            phones.add(msisdn)
        if body.mode == "ok":
            provider.faults.reset()
        else:
            provider.faults.set(
                Fault(
                    mode=body.mode,
                    phones=frozenset(phones),
                    remaining=body.count,
                    delay=body.delay,
                    send_status=SendStatus(body.send_status),
                )
            )
        log.info("fault set: %s", provider.faults.current.to_json())
        return provider.faults.current.to_json()

    @router.get("/faults", summary="The current fault")
    async def get_fault(request: Request) -> dict[str, Any]:
        provider: SmsProvider = request.app.state.provider
        return provider.faults.current.to_json()

    @router.delete("/faults", status_code=204, summary="Back to normal")
    async def clear_faults(request: Request) -> None:
        request.app.state.provider.faults.reset()

    @router.get("/messages", summary="Accepted messages, oldest first")
    async def list_messages(
        request: Request,
        phone: Annotated[str | None, Query(description="any format: 09…, 849…, +849…")] = None,
        since: Annotated[str | None, Query(description="RFC 3339; received at or after")] = None,
    ) -> list[dict[str, Any]]:
        provider: SmsProvider = request.app.state.provider
        return [m.to_json() for m in provider.store.list(phone=phone, since=parse_since(since))]

    @router.get("/messages/{sms_id}", summary="One accepted message")
    async def get_message(sms_id: str, request: Request) -> dict[str, Any]:
        record = request.app.state.provider.store.get(sms_id)
        if record is None:
            raise HTTPException(404, detail=f"no message {sms_id}")
        result: dict[str, Any] = record.to_json()
        return result

    @router.delete("/messages", status_code=204, summary="Forget every message (MT and MO)")
    async def clear_messages(request: Request) -> None:
        request.app.state.provider.store.clear()

    @router.post("/inbound", summary="A phone sends an SMS to a short code: forward it to the MO webhook")
    async def inbound(body: InboundRequest, request: Request) -> dict[str, Any]:
        provider: SmsProvider = request.app.state.provider
        if normalize_phone(body.sender) is None:
            raise HTTPException(422, detail=f"from: {body.sender!r} is not a Vietnamese mobile number")
        try:
            record, status, answer = await provider.forward_inbound(
                sender=body.sender, to=body.to, text=body.text, webhook_url=body.webhook_url
            )
        except InboundForwardError as exc:
            raise HTTPException(502, detail=str(exc)) from exc
        return {
            "message_id": record.id,
            "webhook_url": record.webhook_url,
            "webhook_status": status,
            "webhook_response": answer,
        }

    @router.get("/inbound", summary="Inbound messages forwarded so far, oldest first")
    async def list_inbound(request: Request) -> list[dict[str, Any]]:
        provider: SmsProvider = request.app.state.provider
        return [m.to_json() for m in provider.store.inbound]

    return router


def create_app(settings: SmsSimSettings | None = None) -> FastAPI:
    settings = settings or SmsSimSettings.from_env()
    ensure_log_handler()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(trust_env=False) as client:
            provider = SmsProvider(settings, client)
            app.state.provider = provider
            if settings.uses_development_keys:
                log.info("SMS simulator uses the development ApiKey/SecretKey (SMS_SIM_API_KEY/SECRET_KEY)")
            try:
                yield
            finally:
                await provider.close()

    app = simulator_app(
        "SMS provider simulator",
        "Brandname SMS REST API modelled on eSMS, with delivery reports, inbound messages and faults.",
        lifespan,
    )
    app.state.settings = settings
    app.include_router(provider_router())
    app.include_router(control_router())
    return app
