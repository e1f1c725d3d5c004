"""Shared fixtures: small real upstream services and the gateway, each a uvicorn server on a free port
in the test's event loop, talking real HTTP. Nothing of ours is mocked."""

from __future__ import annotations

import sys

# pytest's importlib mode names the modules of this directory "gateway.tests.*" and registers the
# directory gateway/ as a namespace package "gateway", hiding the real one in src/: put it back.
if getattr(sys.modules.get("gateway"), "__file__", None) is None:
    _tests_module = sys.modules.get("gateway.tests")
    sys.modules.pop("gateway", None)
    import gateway

    if _tests_module is not None:
        gateway.tests = _tests_module  # type: ignore[attr-defined]

import asyncio
import contextlib
import hashlib
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from gateway.app import Gateway, create_app
from gateway.settings import GatewaySettings, RateRule
from servicekit.http import RequestContextMiddleware
from servicekit.testing import TokenFactory


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # pytest owns the signals
        yield


@contextlib.asynccontextmanager
async def serve(app: Any, *, port: int | None = None) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 in this event loop; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=2
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped during startup")
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def away_from_window_edge(window: int = 3600) -> None:
    """Fixed rate-limit windows end on the clock; don't let a test straddle the end of one."""
    left = window - time.time() % window
    if left < 5:
        await asyncio.sleep(left + 0.1)


# --- upstream services ---------------------------------------------------------------------------


class Procedure(BaseModel):
    code: str
    name: str


class Dossier(BaseModel):
    dossier_code: str
    status: str


class Item(BaseModel):  # same name, different shape in each upstream: the merge must rename one
    id: int


class IntakeItem(BaseModel):
    reference: str


SEEN_PATHS: list[str] = []  # every path an upstream echoed, to prove what never reached a service


async def echo(request: Request) -> JSONResponse:
    SEEN_PATHS.append(request.url.path)
    try:
        body = await request.body()
    except ClientDisconnect:  # the gateway cut an oversized upload
        return JSONResponse({"error": "client disconnected"}, status_code=400)
    return JSONResponse(
        {
            "service": request.app.title,
            "method": request.method,
            "path": request.url.path,
            "raw_path": request.scope["raw_path"].decode("latin-1"),
            "query": request.scope["query_string"].decode("latin-1"),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.scope["headers"]],
            "body_length": len(body),
            "body_sha256": hashlib.sha256(body).hexdigest(),
        },
        headers={"X-Upstream": request.app.title, "ETag": '"7"'},
    )


def catalog_app() -> FastAPI:
    app = FastAPI(title="catalog")

    @app.get(
        "/v1/procedures/{code}/detail", tags=["procedures"], operation_id="procedures-get", summary="Thủ tục"
    )
    async def get_procedure(code: str) -> Procedure:
        return Procedure(code=code, name="Cấp giấy khai sinh")

    @app.get("/v1/items/{item_id}", tags=["items"], operation_id="items-get")
    async def get_item(item_id: int) -> Item:
        return Item(id=item_id)

    @app.get("/internal/secret", tags=["internal"])
    async def internal() -> dict[str, str]:
        return {"secret": "not public"}

    @app.get("/v1/procedures/big/{size}", include_in_schema=False)
    async def big(size: int) -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            block = bytes(range(256)) * 256  # 64 KiB
            sent = 0
            while sent < size:
                part = block[: min(len(block), size - sent)]
                sent += len(part)
                yield part

        return StreamingResponse(chunks(), media_type="application/octet-stream")

    @app.get("/v1/procedures/slow", include_in_schema=False)
    async def slow() -> dict[str, str]:
        await asyncio.sleep(3)
        return {"status": "late"}

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_api_route(
        "/v1/{rest:path}", echo, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    app.add_api_route("/oidc/{rest:path}", echo, methods=["GET", "POST"], include_in_schema=False)
    app.add_middleware(RequestContextMiddleware, access_log_enabled=False)
    return app


def intake_app() -> FastAPI:
    app = FastAPI(title="intake")

    @app.get("/v1/dossiers/{code}", tags=["dossiers"], operation_id="dossiers-get")
    async def get_dossier(code: str) -> Dossier:
        return Dossier(dossier_code=code, status="received")

    @app.get("/v1/ratings/items/{ref}", tags=["ratings"], operation_id="items-get")
    async def rated_item(ref: str) -> Item:
        return Item(id=len(ref))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.add_api_route(
        "/v1/{rest:path}", echo, methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    app.add_middleware(RequestContextMiddleware, access_log_enabled=False)
    return app


# An intake whose Item differs from catalog's (collision) — built by patching the model in its schema.
def _intake_with_colliding_item() -> FastAPI:
    app = intake_app()
    original = app.openapi

    def openapi() -> dict[str, Any]:
        doc = original()
        schemas = doc["components"]["schemas"]
        schemas["Item"] = IntakeItem.model_json_schema() | {"title": "Item"}
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
    return app


@dataclass
class Stack:
    gateway: str
    catalog: str
    intake: str
    tokens: TokenFactory
    app: Gateway
    down_port: int


@pytest.fixture(scope="session")
def token_factory(tmp_path_factory: pytest.TempPathFactory) -> TokenFactory:
    return TokenFactory(tmp_path_factory.mktemp("jwks"))


def gateway_settings(
    *, catalog: str, intake: str, tokens: TokenFactory, down_port: int, **overrides: Any
) -> GatewaySettings:
    values: dict[str, Any] = {
        "service_base_url_catalog": catalog,
        "service_base_url_intake": intake,
        # Nothing listens on these: they stand for services that are down.
        **{
            f"service_base_url_{s}": f"http://127.0.0.1:{down_port}"
            for s in ("identity", "workflow", "notify", "payments", "nationalsync")
        },
        "oidc_jwks_file": str(tokens.jwks_file),
        "oidc_issuer": tokens.issuer,
        "environment": "test",
        "log_json": False,
        "log_level": "WARNING",
        "request_timeout": 1.5,
        "connect_timeout": 1.0,
        "max_body_bytes": 1024 * 1024,
        "body_limits": {"* /v1/dossiers/*/documents*": 8 * 1024 * 1024},
        "rate_limit_rules": [
            RateRule(name="limited", match="GET /v1/procedures/limited*", limit=3, window=3600),
            RateRule(name="guarded", match="GET /v1/procedures/guarded*", limit=3, window=3600),
        ],
        "rate_limit_default": RateRule(name="default", limit=100_000, window=60),
        "openapi_ttl": 0.0,
    }
    values.update(overrides)
    return GatewaySettings(**values)


@pytest.fixture(scope="session")
async def stack(token_factory: TokenFactory) -> AsyncIterator[Stack]:
    down_port = free_port()
    async with serve(catalog_app()) as catalog, serve(_intake_with_colliding_item()) as intake:
        app = create_app(
            gateway_settings(catalog=catalog, intake=intake, tokens=token_factory, down_port=down_port)
        )
        async with serve(app) as gateway:
            yield Stack(gateway, catalog, intake, token_factory, app, down_port)


@pytest.fixture
async def client(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.gateway, timeout=10) as http:
        yield http


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free port (CI machines have the binary; say so loudly if not)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "redis-server is not installed: `apt-get install -y redis-server` to test the Redis rate limiter"
        )
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def gateway_src() -> Path:
    return Path(__file__).resolve().parents[1] / "src"
