"""The national hub simulator as an ASGI app: `uvicorn simulators.nationalhub.app:create_app --factory`.

The hub's API: `/oauth2/token` (client credentials) and the dossier synchronisation services under
`/dvcqg/v1/hoso/`; the simulator's own controls (faults, inspection, declared agencies) are under
`/simulator/`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from simulators._common import ensure_log_handler, parse_since, simulator_app
from simulators.nationalhub.hub import PROGRESS_PATH, RECORDS_PATH, TOKEN_PATH, Answer, NationalHub
from simulators.nationalhub.rules import AGENCY_CODE
from simulators.nationalhub.settings import NationalHubSimSettings
from simulators.nationalhub.state import Fault

log = logging.getLogger("simulators.nationalhub")


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: Literal["ok", "unavailable", "timeout"]
    count: int | None = Field(None, ge=1, description="number of data calls it applies to")
    seconds: float | None = Field(None, gt=0, le=86400, description="for this long from now")
    delay: float | None = Field(None, gt=0, le=600, description="`timeout`: seconds the answer is held")


class AgenciesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    codes: list[str] = Field(min_length=1, examples=[["000.00.00.H49"]])


def _respond(answer: Answer) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)


def hub_router() -> APIRouter:
    router = APIRouter(tags=["hub"])

    @router.post(TOKEN_PATH, summary="Access token by client credentials (RFC 6749 §4.4)")
    async def token(request: Request) -> JSONResponse:
        hub: NationalHub = request.app.state.hub
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        return _respond(hub.issue_token(fields, request.headers.get("authorization", "")))

    async def _data_call(request: Request, records: bool) -> JSONResponse:
        hub: NationalHub = request.app.state.hub
        raw = await request.body()
        authorization = request.headers.get("authorization", "")
        key = request.headers.get("idempotency-key") or None
        if records:
            answer = hub.sync_records(raw, authorization=authorization, key=key)
        else:
            answer = hub.sync_progress(raw, authorization=authorization, key=key)
        if answer.delay:
            await asyncio.sleep(answer.delay)
        return _respond(answer)

    @router.post(RECORDS_PATH, summary="DongBoHoSoMC: synchronise dossier records")
    async def sync_records(request: Request) -> JSONResponse:
        return await _data_call(request, records=True)

    @router.post(PROGRESS_PATH, summary="CapNhatTienDoHoSoMC: processing progress of dossiers")
    async def sync_progress(request: Request) -> JSONResponse:
        return await _data_call(request, records=False)

    return router


def control_router() -> APIRouter:
    router = APIRouter(prefix="/simulator", tags=["simulator"])

    @router.post("/faults", summary="Inject a fault into the data API")
    async def set_fault(body: FaultRequest, request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        if body.mode == "ok":
            hub.faults.reset()
        else:
            until = time.monotonic() + body.seconds if body.seconds is not None else None
            hub.faults.set(Fault(mode=body.mode, remaining=body.count, until=until, delay=body.delay))
        log.info("fault set: %s", hub.faults.current.to_json())
        return hub.faults.current.to_json()

    @router.get("/faults", summary="The current fault")
    async def get_fault(request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        return hub.faults.current.to_json()

    @router.delete("/faults", status_code=204, summary="Back to normal")
    async def clear_faults(request: Request) -> None:
        request.app.state.hub.faults.reset()

    @router.get("/records", summary="Dossiers the hub holds, latest record of each, oldest first")
    async def list_records(
        request: Request,
        agency: Annotated[str | None, Query(description="DonViXuLy")] = None,
        status: Annotated[int | None, Query(ge=1, le=10, description="TrangThaiHoSo")] = None,
    ) -> list[dict[str, Any]]:
        hub: NationalHub = request.app.state.hub
        return [
            d.summary()
            for d in hub.store.dossiers.values()
            if (agency is None or d.current.get("DonViXuLy") == agency)
            and (status is None or str(d.current.get("TrangThaiHoSo")) == str(status))
        ]

    @router.get("/records/{code}", summary="One dossier: current record, every accepted version, progress")
    async def get_record(code: str, request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        dossier = hub.store.dossiers.get(code)
        if dossier is None:
            raise HTTPException(404, detail=f"no dossier {code}")
        return dossier.detail()

    @router.delete("/records", status_code=204, summary="Forget every dossier, call and stored answer")
    async def clear_records(request: Request) -> None:
        request.app.state.hub.store.clear()

    @router.get("/calls", summary="Calls to the data API, oldest first")
    async def list_calls(
        request: Request,
        path: Annotated[str | None, Query(description="e.g. /dvcqg/v1/hoso/dongbo")] = None,
        code: Annotated[str | None, Query(description="calls naming this MaHoSo")] = None,
        since: Annotated[str | None, Query(description="RFC 3339; at or after")] = None,
    ) -> list[dict[str, Any]]:
        hub: NationalHub = request.app.state.hub
        after = parse_since(since)
        return [
            c.to_json()
            for c in hub.store.calls
            if (path is None or c.path == path)
            and (code is None or code in c.codes)
            and (after is None or c.at >= after)
        ]

    @router.get("/agencies", summary="Agency codes declared at the hub (empty: any is accepted)")
    async def list_agencies(request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        return {"codes": sorted(hub.agencies), "open": not hub.agencies}

    @router.post("/agencies", summary="Declare agency codes (then only declared ones are accepted)")
    async def add_agencies(body: AgenciesRequest, request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        bad = [c for c in body.codes if not AGENCY_CODE.fullmatch(c)]
        if bad:
            raise HTTPException(422, detail=f"not QCVN 102 agency codes: {bad}")
        hub.agencies.update(body.codes)
        return {"codes": sorted(hub.agencies), "open": False}

    @router.delete("/agencies", status_code=204, summary="Accept every well-formed agency code again")
    async def clear_agencies(request: Request) -> None:
        request.app.state.hub.agencies.clear()

    @router.post("/tokens/revoke", summary="Revoke every issued access token")
    async def revoke_tokens(request: Request) -> dict[str, Any]:
        hub: NationalHub = request.app.state.hub
        return {"revoked": hub.tokens.revoke_all(), "issued_so_far": hub.tokens.issued}

    return router


def create_app(settings: NationalHubSimSettings | None = None) -> FastAPI:
    settings = settings or NationalHubSimSettings.from_env()
    ensure_log_handler()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.uses_development_credentials:
            log.info("national hub simulator uses the development client id/secret")
        yield

    app = simulator_app(
        "National hub simulator",
        "The national portal's dossier synchronisation API (records and progress) behind an OAuth2 "
        "client credentials gateway, with strict field validation and faults.",
        lifespan,
    )
    app.state.settings = settings
    app.state.hub = NationalHub(settings)
    app.include_router(hub_router())
    app.include_router(control_router())
    return app
