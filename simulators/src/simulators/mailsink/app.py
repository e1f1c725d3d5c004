"""The mail sink as one process: SMTP capture plus its HTTP API.

    uvicorn simulators.mailsink.app:create_app --factory --port 8011   # SMTP on MAILSINK_SMTP_PORT

The SMTP server starts and stops with the app's lifespan, on the same event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from simulators._common import ensure_log_handler, parse_since, simulator_app
from simulators.mailsink.server import FaultMode, FaultStage, MailSink
from simulators.mailsink.settings import MailSinkSettings


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: FaultMode
    count: int | None = Field(
        None, ge=1, description="SMTP replies it changes; none: until reset (not for `down`)"
    )
    stage: FaultStage = Field("rcpt", description="`tempfail`/`permfail`: answer RCPT or the end of DATA")
    recipients: list[str] | None = Field(None, description="only for these addresses; none: everyone")


def _sink(request: Request) -> MailSink:
    sink: MailSink = request.app.state.sink
    return sink


def messages_router() -> APIRouter:
    router = APIRouter(tags=["messages"])

    @router.get("/messages", summary="Captured messages, oldest first (newest last)")
    async def list_messages(
        request: Request,
        to: Annotated[str | None, Query(description="an envelope recipient or To/Cc address")] = None,
        since: Annotated[str | None, Query(description="RFC 3339; received at or after")] = None,
    ) -> list[dict[str, Any]]:
        return [m.to_json() for m in _sink(request).find(to=to, since=parse_since(since))]

    @router.get("/messages/{message_id}", summary="One message, with its raw source")
    async def get_message(message_id: str, request: Request) -> dict[str, Any]:
        message = _sink(request).get(message_id)
        if message is None:
            raise HTTPException(404, detail=f"no message {message_id}")
        return message.to_json(with_raw=True)

    @router.get("/messages/{message_id}/raw", summary="The message exactly as received (.eml)")
    async def get_raw(message_id: str, request: Request) -> Response:
        message = _sink(request).get(message_id)
        if message is None:
            raise HTTPException(404, detail=f"no message {message_id}")
        return Response(message.raw, media_type="message/rfc822")

    @router.delete("/messages", status_code=204, summary="Forget every captured message")
    async def clear_messages(request: Request) -> None:
        _sink(request).clear()

    return router


def control_router() -> APIRouter:
    router = APIRouter(prefix="/simulator", tags=["simulator"])

    @router.post("/faults", summary="Inject an SMTP fault")
    async def set_fault(body: FaultRequest, request: Request) -> dict[str, Any]:
        try:
            fault = await _sink(request).set_fault(
                body.mode, count=body.count, stage=body.stage, recipients=body.recipients
            )
        except ValueError as exc:
            raise HTTPException(422, detail=str(exc)) from exc
        return fault.to_json() | {"listening": _sink(request).listening}

    @router.get("/faults", summary="The current fault")
    async def get_fault(request: Request) -> dict[str, Any]:
        sink = _sink(request)
        return sink.fault.to_json() | {"listening": sink.listening}

    @router.delete("/faults", status_code=204, summary="Back to normal (listening again)")
    async def clear_faults(request: Request) -> None:
        await _sink(request).set_fault("ok")

    @router.get("/smtp", summary="Where the SMTP server listens")
    async def smtp_info(request: Request) -> dict[str, Any]:
        sink = _sink(request)
        return {
            "host": sink.host,
            "port": sink.port,
            "listening": sink.listening,
            "auth_required": sink.username is not None,
        }

    return router


def create_app(settings: MailSinkSettings | None = None) -> FastAPI:
    settings = settings or MailSinkSettings.from_env()
    ensure_log_handler()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sink = MailSink(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.username,
            password=settings.password,
            directory=settings.directory,
            max_messages=settings.max_messages,
        )
        async with sink:
            app.state.sink = sink
            yield

    app = simulator_app(
        "Mail sink",
        "SMTP server that captures every message, with an HTTP API to read them and inject faults.",
        lifespan,
    )
    app.state.settings = settings
    app.include_router(messages_router())
    app.include_router(control_router())
    return app
