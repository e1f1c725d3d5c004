"""The upstreams of the gateway benchmark (imported by uvicorn with ``--app-dir bench``).

- ``ceiling``: a bare ASGI app returning constant JSON: what uvicorn + httptools can do at all;
- ``create_service``: a FastAPI route shaped like our services' (servicekit's request context and
  metrics middlewares, access log, problem handlers), returning constant JSON, no database.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.routing import Route

from servicekit import metrics
from servicekit.errors import install_error_handlers
from servicekit.http import RequestContextMiddleware
from servicekit.logging import configure_logging

BODY = b'{"code":"1.001234","name":"C\xe1\xba\xa5p gi\xe1\xba\xa5y khai sinh","status":"ok"}'


async def ceiling(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def create_service() -> FastAPI:
    configure_logging("catalog", level="INFO", json=True)
    app = FastAPI(title="bench catalog")
    install_error_handlers(app)
    app.add_middleware(metrics.MetricsMiddleware, service="catalog")
    app.add_middleware(RequestContextMiddleware)
    app.router.routes.append(Route("/metrics", metrics.metrics_endpoint, include_in_schema=False))

    @app.get("/v1/procedures/ping", tags=["procedures"])
    async def ping() -> dict[str, str]:
        return {"code": "1.001234", "name": "Cấp giấy khai sinh", "status": "ok"}

    @app.get("/v1/dossiers/ping", tags=["dossiers"])
    async def private_ping() -> dict[str, str]:
        return {"code": "1.001234", "name": "Cấp giấy khai sinh", "status": "ok"}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
