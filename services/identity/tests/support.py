"""Helpers for identity's tests: an OTP receiver speaking notify's contract, a browser-like client
that walks the sign-in pages, PKCE values."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import re
import secrets
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from joserfc import jwt
from joserfc.jwk import KeySet


@dataclass
class OtpReceiver:
    """A tiny stand-in for notify's ``POST /internal/v1/otp-deliveries``: checks the bearer token
    (kind system, scope notify:otp, signed by a key in ``jwks``) and keeps what it received."""

    url: str = ""
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0
    fail_with: int | None = None

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/internal/v1/otp-deliveries")
        async def deliver(request: Request) -> JSONResponse:
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            try:
                claims = jwt.decode(token, KeySet.import_key_set(self.jwks)).claims  # type: ignore[arg-type]
            except Exception:
                self.refused += 1
                return JSONResponse({"code": "unauthenticated"}, status_code=401)
            if claims.get("kind") != "system" or "notify:otp" not in str(claims.get("scope", "")).split():
                self.refused += 1
                return JSONResponse({"code": "forbidden"}, status_code=403)
            if self.fail_with:
                return JSONResponse({"code": "down"}, status_code=self.fail_with)
            self.deliveries.append(await request.json())
            return JSONResponse({"status": "accepted"}, status_code=202)

        return app

    def latest(self, address: str) -> str:
        for delivery in reversed(self.deliveries):
            if delivery["address"] == address:
                return str(delivery["code"])
        raise AssertionError(f"no code sent to {address}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(app: FastAPI, *, port: int | None = None, lifespan: str = "off") -> AsyncIterator[str]:
    """Run an ASGI app on a (free) local port for the duration of the block."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan)  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def form_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


@dataclass
class Browser:
    """Walks the provider's pages like a browser without JavaScript (cookies kept by httpx)."""

    client: httpx.AsyncClient
    prefix: str = "/oidc"

    async def authorize(self, **params: str) -> httpx.Response:
        return await self.client.get(f"{self.prefix}/authorize?{urlencode(params)}")

    async def follow(self, response: httpx.Response) -> httpx.Response:
        while response.status_code in (302, 303) and not response.headers["location"].startswith("http"):
            response = await self.client.get(response.headers["location"])
        return response

    async def login(self, page: httpx.Response, username: str, password: str) -> httpx.Response:
        assert page.status_code == 200, page.text
        fields = form_fields(page.text)
        response = await self.client.post(
            f"{self.prefix}/login", data={**fields, "username": username, "password": password}
        )
        return await self.follow(response)

    async def otp(self, page: httpx.Response, code: str) -> httpx.Response:
        assert page.status_code == 200, page.text
        response = await self.client.post(f"{self.prefix}/otp", data={**form_fields(page.text), "code": code})
        return await self.follow(response)

    async def consent(self, page: httpx.Response, decision: str = "allow") -> httpx.Response:
        response = await self.client.post(
            f"{self.prefix}/consent", data={**form_fields(page.text), "decision": decision}
        )
        return await self.follow(response)


@dataclass
class Journey:
    """A browser across several hosts: each origin has its own client (and cookie jar)."""

    clients: dict[str, httpx.AsyncClient]

    def _client_for(self, url: str) -> tuple[httpx.AsyncClient, str]:
        for origin, client in self.clients.items():
            if url.startswith(origin):
                return client, url[len(origin) :] or "/"
        raise AssertionError(f"no client for {url}")

    async def get(self, url: str, *, stop_at: str | None = None) -> tuple[str, httpx.Response]:
        """GET ``url`` and follow redirects across hosts until a page, or a URL starting with ``stop_at``."""
        for _ in range(20):
            client, path = self._client_for(url)
            response = await client.get(path)
            if response.status_code not in (302, 303):
                return url, response
            location = response.headers["location"]
            url = location if location.startswith("http") else url[: len(url) - len(path)] + location
            if stop_at and url.startswith(stop_at):
                return url, response
        raise AssertionError("too many redirects")

    async def post(
        self, url: str, data: dict[str, str], *, stop_at: str | None = None
    ) -> tuple[str, httpx.Response]:
        client, path = self._client_for(url)
        response = await client.post(path, data=data)
        if response.status_code not in (302, 303):
            return url, response
        location = response.headers["location"]
        target = location if location.startswith("http") else url[: len(url) - len(path)] + location
        if stop_at and target.startswith(stop_at):
            return target, response
        return await self.get(target, stop_at=stop_at)
